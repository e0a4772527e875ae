"""Phrase banks for the fictional demo vault.

Everything here is invented: people, towns, employers, handles. The language carries the
practice's stance: sex work is labour chosen with agency, clients of sex workers are people
with needs, the clinician stays curious about the need a behaviour meets and its function in
the client's relationships, and safety is written down from the client's own point of view.

Sentences are ``str.format_map`` templates. Case-level keys: ``first`` (the client, or
Partner A in a couple), ``partner`` (Partner B in a couple, otherwise someone close),
``friend``, ``their`` (possessive pronoun), ``place``, ``place2``, ``employer``, ``alias``,
``handle``. Note-level keys: ``n`` (session number), ``n_next``, ``score``, ``prev``,
``hours``, ``weekday``, ``goal``.
"""

from __future__ import annotations

from casenotes.core.domain import ClientType
from casenotes.core.domain.calendar import ENGLISH_WEEKDAYS

CT = ClientType

# --------------------------------------------------------------------------- people, places

FIRST_NAMES: tuple[str, ...] = (
    "Rowan",
    "Ines",
    "Tobias",
    "Mira",
    "Joel",
    "Priya",
    "Callum",
    "Noor",
    "Dara",
    "Linnea",
    "Mateo",
    "Saoirse",
    "Yusuf",
    "Hana",
    "Elodie",
    "Kofi",
    "Marisol",
    "Teodor",
    "Ayla",
    "Benedikt",
    "Calla",
    "Dmitri",
    "Esme",
    "Farid",
    "Greta",
    "Hollis",
    "Ilse",
    "Jarrah",
    "Keziah",
    "Lior",
    "Maren",
    "Niamh",
    "Oskar",
    "Paz",
    "Quinn",
    "Rafferty",
    "Sunniva",
    "Tamsin",
    "Umberto",
    "Vida",
    "Wren",
    "Xavi",
    "Yara",
    "Zeno",
    "Anouk",
    "Bastian",
    "Cosima",
    "Dorian",
    "Elif",
    "Florian",
    "Gideon",
    "Halima",
    "Ivo",
    "Juniper",
    "Kasimir",
    "Lumi",
    "Mika",
    "Nerys",
    "Odile",
    "Pascal",
    "Rhiannon",
    "Silas",
    "Thandi",
    "Ulla",
    "Valentin",
    "Willa",
    "Yannick",
    "Zora",
    "Arlo",
    "Bree",
)

LAST_NAMES: tuple[str, ...] = (
    "Quennell",
    "Ashgrave",
    "Tindle",
    "Morrowby",
    "Pellingham",
    "Vesk",
    "Harrowgate",
    "Lindqvist",
    "Okonkwo-Reyes",
    "Brackwater",
    "Castellane",
    "Drummock",
    "Everholt",
    "Fairweather-Ng",
    "Galloway-Sato",
    "Hesketh",
    "Ibarrola",
    "Jessamine",
    "Kowalczyk",
    "Larkspur",
    "Marchetti",
    "Nettleford",
    "Oyelaran",
    "Penhallow",
    "Quist",
    "Rathmore",
    "Sandoval-Kerr",
    "Thistlewood",
    "Upcott-Hale",
    "Varga",
    "Wetherell",
    "Yilmazer",
    "Zabrowski",
    "Abernathy-Cole",
    "Birchall",
    "Corrigan",
    "Delacroix-Moss",
    "Elsworth",
    "Fenwick-Adeyemi",
    "Greengrass",
    "Holloway-Ruiz",
    "Ingersoll",
    "Juhasz",
    "Kettering",
    "Lowenthal",
    "Mbatha",
    "Northcott",
    "Oakenfold",
)

NICKNAMES: tuple[str, ...] = (
    "Birdie",
    "Sunny",
    "Kit",
    "Bee",
    "Moss",
    "Pip",
    "Scout",
    "Roo",
    "Dot",
    "Fitz",
    "Lolo",
    "Tiff",
    "Beanie",
    "Nico",
    "Mags",
    "Jojo",
    "Ziggy",
    "Button",
)

WORKING_NAMES: tuple[str, ...] = (
    "Scarlett Vane",
    "Juniper Blaise",
    "Mistral",
    "Delphine Rae",
    "Sable Winter",
    "Honey Marlowe",
    "Ivy Larke",
    "Celeste Moreau",
    "Rook",
    "Vesper Lane",
    "Opal Sinclair",
    "Dante Rivers",
    "Marlo Kade",
    "Luna Ashby",
    "Sorrel",
    "Tallis Grey",
)

PRONOUNS: tuple[str, ...] = ("she/her", "he/him", "they/them", "she/they", "he/they")

POSSESSIVE: dict[str, str] = {
    "she/her": "her",
    "he/him": "his",
    "they/them": "their",
    "she/they": "her",
    "he/they": "his",
}

# Invented towns.
PLACES: tuple[str, ...] = (
    "Brindlewick",
    "Oxbarrow",
    "Tamsel Bay",
    "Hollin Reach",
    "Westmire",
    "Corrowdale",
    "Pellin Falls",
    "Quenby Marsh",
    "Saltreave",
    "Drumlow",
    "Ivelford",
    "Ostry Point",
    "Callowgate",
    "Nettlebury",
    "Harrowmoss",
    "Wickerfold",
    "Tindleport",
    "Grayling Ford",
    "Mossbrook Junction",
    "Sorrel Heath",
    "Varrow",
    "Thistlecombe",
    "Oakhollow",
    "Lindquay",
    "Belcarrow",
    "Fenwright",
    "Kestrel Quay",
    "Aldermoor",
    "Rookhaven",
    "Stellbridge",
)

# Invented employers (day jobs).
EMPLOYERS: tuple[str, ...] = (
    "Brindlewick Freight",
    "Oxbarrow Tile & Stone",
    "Pellin Falls Public Library",
    "Quillbeck Dental Group",
    "Harrowmoss Cooperative Grocers",
    "Saltreave Hospital Laundry",
    "Tindleport Ferry Company",
    "Westmire Software Guild",
    "Corrowdale Primary School",
    "Kestrel Quay Marine Supply",
    "Varrow & Daughters Bakery",
    "Lindquay Credit Union",
    "Aldermoor Care Home",
    "Stellbridge Bicycle Works",
    "Nettlebury Print Shop",
    "Grayling Ford Veterinary Practice",
)

# Invented workplaces for sex workers (studios, agencies, venues).
WORK_VENUES: tuple[str, ...] = (
    "Lantern Room Studio",
    "Silk Thread Companions",
    "Velvet Hour Agency",
    "The Ember Parlour",
    "Blue Heron Massage Collective",
    "Harbourlight Companions",
    "Quiet Hours Studio",
    "Moonwell Agency",
)

HANDLE_WORDS: tuple[str, ...] = (
    "moss",
    "honey",
    "late",
    "tram",
    "fern",
    "quiet",
    "harbour",
    "velvet",
    "lantern",
    "tide",
    "heron",
    "copper",
    "plum",
    "sage",
    "north",
    "linen",
    "orchard",
    "ember",
    "paper",
    "kite",
)

AREA_CODES: tuple[str, ...] = ("202", "312", "415", "503", "617", "720", "808", "919")

OTHER_IDENTIFIERS: tuple[str, ...] = (
    "rides a yellow cargo bike",
    "sings in the Tindleport community choir",
    "has a twin who teaches at the same school",
    "heron tattoo on the left forearm",
    "runs a small plant stall at the Saltreave market",
    "plays goalkeeper in a Sunday five-a-side league",
    "drives a teal camper van",
    "volunteers at the Oxbarrow food bank on Thursdays",
    "grew up above the family laundrette",
    "has a greyhound called Biscuit",
    "writes a zine about bus routes",
    "competed in regional rowing as a teenager",
)

CASE_TAGS: tuple[str, ...] = (
    "sliding-scale",
    "evening slot",
    "peer referral",
    "agreement work",
    "career change",
    "grief",
    "new to therapy",
    "queer",
    "trans",
    "parent",
    "long-distance",
    "kink-aware",
    "disability",
    "returning client",
    "rest",
    "budget",
    "disclosure",
    "neurodivergent",
    "shift work",
    "faith background",
    "interpreter not needed",
    "weekend availability",
)

CASE_TAGS_BY_TYPE: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: ("independent", "agency work", "online work", "screening", "rates"),
    CT.FORMER_SEX_WORKER: ("career change", "community", "disclosure", "budget"),
    CT.CLIENT_OF_SEX_WORKERS: ("companionship", "touch", "disclosure", "budget"),
    CT.COUPLE: ("agreement work", "open relationship", "jealousy", "repair"),
    CT.OCSB: ("values", "sleep", "time online", "inherited shame"),
    CT.OTHER: ("dating", "desire", "body", "coming out"),
}

# --------------------------------------------------------------------------- note sentences

GENERIC: dict[str, tuple[str, ...]] = {
    "report": (
        "{first} arrived having thought about last session's question and wanted to continue "
        "from there.",
        "Reported sleeping about {hours} hours a night this week, and linked the short nights to "
        "worry about money.",
        "Talked about {friend}, a close friend, as a steady source of support this month.",
        "Said the week in {place} was quiet and that quiet felt good for a change.",
        "Described a hard phone call with family over the weekend, and that {first} held {their} "
        "ground without shouting.",
        "Mentioned a medical appointment on {weekday} that went better than expected.",
        "Said the drive back from {place2} gave time to think about what came up last time.",
        "{first} opened by saying there was no crisis this week, just a lot of small things.",
        "Shared that work at {employer} has been busy and that evenings feel short.",
        "Said a conversation with {friend} helped put last week's worry into proportion.",
        "{first} wanted to use the session to slow down and look at what matters most right now.",
        "Reported a birthday gathering in {place2} that was warmer than {first} had feared.",
        "Described feeling unsettled since the clocks changed, with low energy in the afternoons.",
        "Brought a list of three things to talk about and chose to start with the easiest.",
        "Talked about wanting more time for friends and less time on admin.",
    ),
    "observe": (
        "Arrived on time; warm, engaged and thoughtful throughout.",
        "Self-rated stress {score}/10 (last session {prev}/10).",
        "Speech clear and unhurried; laughed easily when talking about {friend}.",
        "Appeared tired and said there had been a late finish the night before.",
        "Affect bright when talking about plans, quieter when family came up.",
        "Session {n}. Joined by video from home; connection stable apart from one short drop.",
        "Paused often to check that the words fit what {first} meant.",
        "Self-rated confidence in saying what {first} needs: {score}/10.",
        "Sat forward and made notes on the phone during the planning part.",
        "Tearful briefly when talking about an old friendship; chose to continue.",
        "Dressed for work, having come straight from {employer}.",
        "Settled quickly; the first ten minutes were mostly catching up.",
        "Mood described as 'okay, a bit flat'; wellbeing rating {score}/10.",
        "Relaxed posture; occasional long pauses that {first} said felt useful.",
    ),
    "formulation": (
        "What we are exploring seems to meet a need for rest and being cared for more than a "
        "sexual need; "
        "worth staying curious rather than naming it too early.",
        "Today's material fits a pattern where {first} puts others' comfort first and then feels "
        "resentful; naming needs earlier may help.",
        "Progress on the agreed goal is steady; the harder weeks line up with sleep and money "
        "rather than motivation.",
        "Systemic function, as I currently understand it: it gives {first} a place that is {their} "
        "own, outside the roles {first} holds at home.",
        "I notice a pull in myself to steer toward stopping; that is my assumption, not {first}'s "
        "goal, so I held back.",
        "Values and choices look more aligned than {first} fears; much of the distress seems to "
        "come from secrecy rather than the choices themselves.",
        "Capacity for reflection is strong; {first} can hold two views of the same event.",
        "The relationship context matters here: the pattern makes sense given what is and is not "
        "spoken about at home.",
        "Working hypothesis: the pattern protects a friendship network that matters a great "
        "deal to {first}.",
        "Hard to tell yet which need is most active; several seem to overlap and that is fine.",
        "The week's stress looks ordinary and proportionate; {first} is coping in ways that "
        "fit {their} values.",
    ),
    "intervention": (
        "Used open questions to explore what the pattern we discussed gives {first}, and what it "
        "costs.",
        "Mapped the week on a timeline and looked at when the strain peaked.",
        "Reflected back the values {first} named last time and asked where this week fitted them.",
        "Explored the function of the pattern in the relationship system: who it protects, "
        "what it keeps unspoken.",
        "Validated the decision-making and asked what support would make the next step easier.",
        "Brief grounding exercise at the start after a rushed arrival.",
        "Used a scaling question on confidence in raising needs with people close to {first}.",
        "Invited {first} to describe an ideal week, then to compare it with this one.",
        "Named my own assumption aloud and asked {first} to correct it.",
        "Looked at the budget together: rent, savings, and what each income stream pays for.",
        "Offered psychoeducation on desire differences as common and workable.",
        "Externalised the worry, giving it a name so {first} could talk to it rather than from it.",
        "Used a two-chair exercise to let both sides of the decision speak.",
        "Summarised the last four sessions and asked what {first} would underline.",
    ),
    "response": (
        "{first} engaged well and added detail without prompting.",
        "Found the timeline helpful and said it made the week feel less chaotic.",
        "Pushed back on one of my reflections, which was useful: the need is company more than sex "
        "as such.",
        "Said the script felt awkward but usable, and wants to try it once before next session.",
        "Became quieter during the values exercise and asked to come back to it next time.",
        "Laughed at the gap between the ideal week and the real one, and said it was a relief to "
        "say it out loud.",
        "Reported feeling more hopeful by the end; confidence rose from {prev} to {up} on the "
        "scale.",
        "{first} was curious rather than defensive and asked good questions.",
        "Said it helped to hear the choice framed as {their} own.",
        "Less energy today after a long shift; we agreed to keep the session light.",
        "Corrected my summary in two places, which I welcomed.",
        "Said the session gave words for something {first} had only felt before.",
        "Responded well to the grounding exercise and said it would be useful before hard calls.",
    ),
    "plan": (
        "Next session in one week, same time.",
        "Next session in two weeks by video, as {first} will be in {place2}.",
        "{first} will try the script once and note how it went.",
        "Keep a simple sleep log if useful; no pressure to bring it.",
        "Continue exploring the need behind the pattern; no goal to stop unless {first} "
        "chooses one.",
        "Review goals together at session {n_next}.",
        "Check in about rent and the budget plan next time.",
        "Bring the list of values to compare with the week.",
        "I will send the list of affirming GPs in {place} that {first} asked for.",
        "Revisit today's exercise next session, starting from what {first} noticed in between.",
        "No change to frequency; {first} will email if a session needs to move.",
        "Agreed to spend the first part of next session on whatever feels most pressing.",
    ),
    "goals": (
        "Goal worked on today: {goal}.",
        '{first} chose to focus on the goal "{goal}" this session.',
        'Goals were set together at intake; today we returned to "{goal}".',
        "Current focus, in {first}'s words: {goal}.",
        'Checked whether "{goal}" still fits; {first} said it does, with small changes in '
        "emphasis.",
        'Progress toward "{goal}" rated {score}/10 by {first} (last time {prev}/10).',
    ),
    # ---- the intake, treatment-plan and closing templates' own sections
    "history": (
        "Sexual-health history as {first} chose to share it: regular testing, no concerns "
        "raised, and a GP {first} trusts.",
        "{first} described sexual health as mostly good; wants information on PrEP and where "
        "to get it without questions.",
        "Talked about what {first} wants from sex now and what has changed over the years.",
        "{first} named one past experience {first} does not want to go into yet; we agreed "
        "to leave it there.",
        "No health concerns raised today; {first} knows where to go for testing in {place}.",
    ),
    "relationships": (
        "{first} described the people who matter most, with {partner} and {friend} first.",
        "The relationship agreement is mostly unspoken; {first} wants to make parts of it "
        "explicit.",
        "Relationship structure as {first} describes it: one partner, with some openness "
        "discussed but not agreed.",
        "{first} lives alone and sees {friend} most weeks; dating is on hold by choice.",
        "Described the agreement with {partner} as clear about safer sex and vague about feelings.",
    ),
    "work": (
        "Works at {employer}; {first} describes the job as steady and the hours as the "
        "hardest part.",
        "{first} spoke about work in {their} own terms: what it pays for, what it costs, and "
        "what {first} is proud of.",
        "Work is going well overall; {first} keeps it separate from the rest of life on purpose.",
        "Between jobs at the moment and looking, with savings for a few months.",
    ),
    "prior": (
        "Saw a counsellor for a few months some years ago; found it helpful for sleep, less "
        "for relationships.",
        "No prior therapy; {first} found the practice through a peer recommendation.",
        "Prior therapy ended when the therapist treated {first}'s sexuality as the problem; "
        "{first} wants a different experience here.",
        "Some group support in the past, which {first} valued for the sense of company.",
    ),
    "strengths": (
        "Strengths: humour, persistence, and a clear sense of what {first} values.",
        "Supports: {friend}, a peer group, and a routine of walking in the evenings.",
        "{first} is good at reading people and at asking for what {first} needs at work.",
        "Draws on a community in {place} and on long friendships.",
        "Reflective and curious about {their} own patterns; comfortable with open questions.",
    ),
    "consent": (
        "Informed consent given for therapy, with the fee, cancellation and contact "
        "arrangements explained.",
        "Talked through confidentiality and its limits: a risk of serious harm to {first} or "
        "someone else, a child at risk, or a court order.",
        "Made clear that sex work, paying for sex and consensual sex are not reported, and "
        "that notes are kept encrypted.",
        "{first} asked who could ever read the notes; we went through it together and "
        "{first} was satisfied.",
    ),
    "objectives": (
        "Name one need out loud each week, in {first}'s own words.",
        "Draft a first version of the agreement and bring it to a session.",
        "Try one new way of coming down after a hard day, twice a week.",
        "Notice when the pattern shows up and what came just before it, without judging it.",
        "Decide, in {first}'s own time, whom to tell and how.",
    ),
    "review": (
        "Review the plan together at session {n_next}.",
        "Look at the plan again in six weeks, or sooner if {first} wants.",
        "Check the objectives at every fourth session; change them when they stop fitting.",
    ),
    "ending": (
        "Ending by agreement: {first} feels the goals set at the start have been met.",
        "{first} is moving to {place2} and chose to end rather than switch to video.",
        "Ending for now; {first} wants to try things alone and knows the door is open.",
    ),
    "course": (
        "Over the sessions we worked on needs, agreements and the words for them.",
        "Early sessions focused on the week-to-week strain; later ones on what {first} wants next.",
        "The pattern {first} brought became easier to talk about, and less loaded.",
        "{first} took up the exercises that fitted and set aside the ones that did not.",
        "The work moved from crisis to planning over the first two months.",
    ),
    "goal_status": (
        "Goal: {goal}. {first} rates it as mostly met and wants to keep it up alone.",
        "Where the goals stand, in {first}'s words: one met, one still in progress.",
        "{first} set one goal aside by choice; it no longer fits what {first} wants.",
        'The main goal, "{goal}", is met; {first} named what helped.',
    ),
    "referral": (
        "Shared the list of affirming GPs in {place} and the local peer-led organisation.",
        "No referral wanted; {first} knows how to get back in touch.",
        "Referred to a sexual-health clinic {first} chose, with {their} consent.",
        "Offered the details of a couples group and a peer support line.",
    ),
}

BY_TYPE: dict[ClientType, dict[str, tuple[str, ...]]] = {
    CT.CURRENT_SEX_WORKER: {
        "report": (
            "{first} talked through a busy fortnight of bookings and said the new screening "
            "routine has made evenings feel calmer.",
            "Described the work as something {first} is good at and chose deliberately; the "
            "strain this week came from the landlord, not the clients.",
            "{first} said a long-term regular asked for more emotional time than the booking "
            "covered, and wanted to think about how to name that.",
            "Reported that advertising as {alias} keeps work and family separate, and that the "
            "{handle} account was reported again by someone hostile to the work.",
            "Talked about the satisfaction of a good shift and the tiredness after three late "
            "nights in a row.",
            "{first} described feeling proud of holding a rate increase through a quiet week.",
            "Said the hardest part of the week was a GP appointment where {first} chose not to "
            "mention the work, and how tiring it is to keep editing.",
            "Mentioned that the peer collective in {place2} now shares a bad date list, which "
            "{first} finds practical and reassuring.",
            "Described a booking {first} ended early because something felt off; trusted that "
            "judgement, left, and felt steady afterwards.",
            "Spoke about wanting the work to fund a course next year, on {their} own timeline.",
            "Reported a run-in with a neighbour who guessed at the work; {first} felt exposed but "
            "does not want to move.",
            "{first} said {employer} changed its cancellation policy without asking the workers, "
            "and felt angry about it.",
            "Raised worry about the legal risk of sharing a flat for work with {friend}, because "
            "of how the local law treats working together.",
            "Talked about a client who was kind and respectful, and how that balanced a week of "
            "online harassment.",
        ),
        "formulation": (
            "Workplace safety appears well managed through {first}'s own screening; legal risk "
            "and stigma are the live stressors.",
            "Burnout risk looks moderate: the hours are high and rest is squeezed, which is about "
            "volume, not the nature of the work.",
            "{first} describes the work as a choice that fits {their} life now; my job is to "
            "support how {first} wants to do it, not whether.",
            "Much of the strain comes from managing other people's stigma, at the GP, with the "
            "landlord, in the family.",
            "{first}'s own safety plan for work appears to be working; nothing today suggests "
            "a change is needed.",
        ),
        "intervention": (
            "Worked through a script for asserting a boundary with a regular client.",
            "Reviewed the screening routine {first} already uses and asked what {first} would "
            "change, if anything.",
            "Talked through a plan for the legal risk {first} named, using {their} own priorities.",
        ),
        "plan": (
            "{first} will try the boundary script with the regular and see how it lands.",
            "I will look up the sex-worker-led peer group in {place2} and share it if {first} "
            "wants.",
            "Protect one rest day this week; {first} will block it in the booking calendar.",
        ),
    },
    CT.FORMER_SEX_WORKER: {
        "report": (
            "{first} reflected on leaving the work two years ago and said it was a practical "
            "decision about energy and time, not an escape.",
            "Described missing the independence and the money, and not missing the admin.",
            "Talked about an interview at {employer} and the gap on the CV, and how much to "
            "disclose.",
            "Said {friend}, a friend from the industry, still works and they meet for coffee; "
            "{first} values that friendship.",
            "Reported that a new partner asked about the past and {first} chose what to share and "
            "when.",
            "Noted some grief for the community {first} had while working.",
            "Talked about budgeting on a lower, steadier income and how much rent takes from it.",
            "{first} said people tend to assume the work was traumatic; it was mixed, and {first} "
            "wants room for both the good and the hard parts.",
            "Mentioned old photos still online under {alias} and the effort of getting them "
            "taken down.",
            "Described feeling competent in the new role at {employer} and, at times, bored by it.",
            "Said skills from the work, reading people and holding boundaries, are useful in the "
            "new job.",
        ),
        "formulation": (
            "{first} holds a nuanced story of the work; I want to protect that nuance rather than "
            "tidy it into one narrative.",
            "The transition is mostly practical (money, routine, identity); grief for the "
            "community is part of it.",
            "Disclosure decisions are {first}'s to make; the work here is weighing them, not "
            "pushing toward openness or secrecy.",
        ),
        "intervention": (
            "Drew a timeline of the working years with {first} marking the good and the hard "
            "stretches.",
            "Rehearsed two versions of the CV conversation and let {first} choose the one "
            "that fit.",
        ),
        "plan": (
            "{first} will decide whether to reply to the recruiter at {employer}.",
            "Continue the timeline next session, starting from the last working year.",
        ),
    },
    CT.CLIENT_OF_SEX_WORKERS: {
        "report": (
            "{first} described seeing a worker about once a month and said the visits are mostly "
            "about companionship and touch without performance pressure.",
            "Talked about the difference between what {first} wants and what {first} feels "
            "entitled to, and found that distinction useful.",
            "Said the booking etiquette (deposits, screening questions, arriving on time) makes "
            "the arrangement feel respectful on both sides.",
            "Reported spending more than planned this month and wanted to look at the budget "
            "without beating {their} self up.",
            "Described loneliness since moving to {place}, and that the visits are one of the few "
            "places {first} feels at ease.",
            "Wondered aloud whether the visits meet a need for touch, for novelty or for being "
            "listened to; did not settle on one answer.",
            "Talked about not telling friends, and the cost of keeping that part of life separate.",
            "{first} mentioned a worker who set a clear boundary during a booking and said it was "
            "a relief to be told plainly.",
            "Said the visits fit {their} values when they are honest and paid fairly, and wanted "
            "to check that they still do.",
            "Reported thinking about whether to tell a new date about the visits, and when.",
            "Said a worker {first} sees regularly has been away, and noticed how much {first} "
            "missed the conversation more than the sex.",
        ),
        "formulation": (
            "The visits appear to meet needs for touch and companionship; whether they sit within "
            "the relationship agreement is unclear, and {first} wants to find out.",
            "{first} treats the workers as professionals and the exchange as a fair one; the "
            "discomfort is about secrecy at home.",
            "Checked my own frame for entitlement assumptions and found {first} already asking "
            "that question of {their} own accord.",
        ),
        "intervention": (
            "Explored what would change if the need for companionship were also met elsewhere, "
            "without assuming the visits should stop.",
            "Looked at the budget {first} set and how the visits fit alongside rent and savings.",
        ),
        "plan": (
            "{first} will notice which need feels strongest before the next booking, without "
            "changing anything yet.",
            "Return to the disclosure question next time, at {first}'s pace.",
        ),
    },
    CT.COUPLE: {
        "report": (
            "{first} and {partner} came in after a week of arguments about the agreement they "
            "made last spring.",
            "{partner} said the agreement was clear on paper but vague in practice; {first} "
            "agreed and wanted to rewrite it together.",
            "Both described jealousy as a signal to check in rather than a verdict on the "
            "relationship.",
            "{first} shared a need for more physical affection; {partner} heard it without "
            "defending and asked what would help.",
            "They disagreed about how much detail to share after dates with other people.",
            "{partner} named feeling sidelined by {first}'s long hours at {employer}.",
            "Talked about rent going up in {place} and how money stress shows up in their sex "
            "life.",
            "{first} and {partner} described a good weekend and tried to name what made it work.",
            "Reported a repair after last week's argument: they walked, talked, and agreed to "
            "pause when voices rose.",
            "Discussed what a 'yes' means in their agreement and whether it can be taken back "
            "mid-week.",
            "{partner} talked about feeling curious, not threatened, about {first}'s interest in "
            "other partners, and surprised by that.",
        ),
        "formulation": (
            "The couple's agreement is doing a lot of unspoken work; making it explicit should "
            "lower the temperature around jealousy.",
            "Both partners can assert needs; the difficulty is timing, not capacity.",
            "The pattern seems to keep a comfortable distance stable for both; worth naming gently "
            "with them.",
        ),
        "intervention": (
            "Practised a speaker-listener exercise for the agreement conversation.",
            "Asked each partner to name one need and one fear about the agreement, in turn.",
        ),
        "plan": (
            "{first} and {partner} will each draft their version of the agreement and bring both.",
            "Revisit the agreement draft next time with both partners' edits.",
        ),
    },
    CT.OCSB: {
        "report": (
            "{first} said the evenings online are the part {first} would like to change; the "
            "mornings feel fine.",
            "Described watching porn as a way to come down after work, and noticed it stretches "
            "when sleep is short.",
            "Talked about what 'out of control' means in {their} own words: going past a time "
            "limit {first} set, and feeling flat afterwards.",
            "Said {their} upbringing taught that most sexual interest was wrong, and wondered how "
            "much of the worry comes from that rather than the behaviour itself.",
            "Reported three evenings within the limit {first} set, and one that went longer after "
            "a hard call with family.",
            "{first} noticed the pull to browse is strongest when bored, lonely or avoiding "
            "a task.",
            "Named that the behaviour fits {their} values in some ways and not in others, and "
            "wanted to sort out which is which.",
            "Talked about a partner, {partner}, who is unbothered by the behaviour, while {first} "
            "still feels uneasy about it.",
            "Said the goal is not zero but choice: to decide rather than drift.",
            "Described late nights online leaving {first} tired at {employer} the next day.",
        ),
        "formulation": (
            "No harm to others described; the question {first} brings is about {their} own "
            "sense of choice.",
            "The concern seems to sit more in inherited shame than in the behaviour's effects; "
            "the effects {first} names are mainly on sleep.",
            "The behaviour looks like a way to regulate stress at the end of the day; it works, "
            "at a cost to sleep that {first} wants to reduce.",
            "{first} defines the problem as loss of choice, not the content; I will keep to that "
            "definition.",
        ),
        "intervention": (
            "Tracked one evening in detail: what came before, what {first} was looking for, what "
            "came after.",
            "Separated the values {first} holds from the ones {first} was handed, using two lists.",
        ),
        "plan": (
            "{first} will try a wind-down routine on two work nights and see what changes.",
            "Notice what the pull is about before deciding; no target number unless {first} sets "
            "one.",
        ),
    },
    CT.OTHER: {
        "report": (
            "{first} came to talk about dating after a long relationship ended, and about what "
            "{first} wants now.",
            "Talked about a kink-aware community in {place2} and feeling curious and nervous about "
            "going.",
            "Described pain during sex that the GP is still investigating, and the frustration of "
            "waiting.",
            "Reported questions about a desire mismatch with a new partner, {partner}, and wanted "
            "language for it.",
            "{first} said coming out to family went better than expected with one sibling and "
            "harder with a parent.",
            "Talked about body image after an injury and wanting to feel at home in {their} body "
            "again.",
            "Spoke about raising consent on dating apps and how to do it early without it feeling "
            "clinical.",
            "Mentioned stress at {employer} spilling into sleep and libido.",
        ),
        "formulation": (
            "The question {first} brings is less about sex than about permission to want things.",
            "Desire differences look ordinary here; the strain is the story each partner tells "
            "about them.",
        ),
        "intervention": (
            "Offered a few ways to open a conversation about desire, and let {first} edit them "
            "into {their} own words.",
        ),
        "plan": ("{first} will decide whether to go to the community meet-up in {place2}.",),
    },
}

# Topic lines: each contains its topic word(s), so search results vary from note to note.
TOPICS: dict[str, tuple[str, ...]] = {
    "boundaries": (
        "We spent time on boundaries: which ones {first} already holds well and which ones slip "
        "when tired.",
        "{first} named two boundaries to keep this month and one to renegotiate.",
    ),
    "agreement": (
        "The relationship agreement came up again; {first} wants it written down, not just "
        "assumed.",
        "Looked at which parts of the agreement still feel fair and which were made in a hurry.",
    ),
    "disclosure": (
        "Disclosure was on {first}'s mind: who knows, who might find out, and who {first} would "
        "choose to tell.",
        "Weighed the benefits and costs of disclosure to family; no decision needed yet.",
    ),
    "stigma": (
        "Stigma showed up at a medical appointment this week and left {first} drained.",
        "{first} described the stigma as coming from outside and wanted help not carrying it "
        "inside too.",
    ),
    "screening": (
        "{first} explained {their} screening process in detail and said it works well on most "
        "days.",
        "Screening on busy weeks gets rushed; {first} wants a shorter version that still feels "
        "safe.",
    ),
    "burnout": (
        "Signs of burnout, in {first}'s own words: dreading the inbox, short temper, no appetite "
        "for hobbies.",
        "Talked about burnout as a signal about workload rather than a personal failing.",
    ),
    "rent": (
        "The rent rise in {place} is the biggest stressor this month.",
        "Rent is due on the {weekday} after next and {first} has a plan for it.",
    ),
    "sleep": (
        "Sleep has improved to about {hours} hours on most nights.",
        "Short sleep makes everything else harder; {first} wants to protect it on work nights.",
    ),
    "jealousy": (
        "Jealousy came up around a partner's new date; {first} could describe it without acting "
        "on it.",
        "Explored jealousy as information about an unmet need rather than a rule being broken.",
    ),
    "curiosity": (
        "I tried to stay with curiosity about what the pattern does for {first}, not what it "
        "says about {first}.",
        "{first} approached the week with curiosity rather than judgement, which is new.",
    ),
    "values": (
        "Returned to {first}'s values: honesty, independence, looking after the people close to "
        "{first}.",
        "A values card sort helped separate what {first} believes from what {first} was taught.",
    ),
    "consent": (
        "Talked about consent as an ongoing conversation rather than a one-off yes.",
        "{first} described a consent conversation that went well and felt proud of it.",
    ),
    "loneliness": (
        "Loneliness has been sharper since {friend} moved away.",
        "{first} linked the loneliness to long weekends with no plans.",
    ),
    "pleasure": (
        "We made room to talk about pleasure, not only problems, which {first} appreciated.",
        "{first} noticed that pleasure has been missing from most of the week, not just from sex.",
    ),
    "grief": (
        "Grief for a grandparent came up unexpectedly and we stayed with it.",
        "{first} named some grief about an old version of {their} life.",
    ),
    "touch": (
        "The need for touch seems central; {first} said hugs from friends help too.",
        "{first} talked about touch as something {first} rarely gets outside paid or partnered "
        "settings.",
    ),
    "trust": (
        "Trust between the partners is recovering slowly and both can see it.",
        "{first} wants to rebuild trust with a sibling and is unsure where to start.",
    ),
    "money": (
        "Money worries are real and concrete: a car repair and the phone bill.",
        "{first} set a savings target and is ahead of it, which felt good to say.",
    ),
    "family": (
        "Family expectations about marriage and work came up again.",
        "A visit to family in {place2} is coming up and {first} wants a plan for the hard moments.",
    ),
    "dating": (
        "Dating has felt easier since {first} started saying what {first} wants in the first "
        "message.",
        "{first} is taking a break from dating apps for a month, by choice.",
    ),
    "legal-risk": (
        "Legal risk is on {first}'s mind after a news story about enforcement in {place2}.",
        "We separated what {first} can control about legal risk from what {first} cannot.",
    ),
    "community": (
        "Community matters: {first} went to a peer meet-up and felt understood.",
        "{first} misses the community of colleagues and wants to find a new one.",
    ),
    "repair": (
        "After a rupture last week, repair went well: an apology, a walk, and a clear plan.",
        "We looked at what repair looks like for {first} when a friend lets {first} down.",
    ),
    "desire": (
        "Desire has been low lately and {first} wondered whether stress explains most of it.",
        "{first} talked about desire without apologising for it, which felt like progress.",
    ),
    "rest": (
        "Rest has been scarce; {first} took one full day off and noticed the difference.",
        "{first} wants rest to be planned, not something that happens only when exhausted.",
    ),
}

TOPICS_BY_TYPE: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: (
        "boundaries",
        "screening",
        "stigma",
        "burnout",
        "rent",
        "legal-risk",
        "disclosure",
        "community",
        "rest",
        "money",
        "sleep",
    ),
    CT.FORMER_SEX_WORKER: (
        "disclosure",
        "stigma",
        "grief",
        "community",
        "money",
        "values",
        "dating",
        "family",
    ),
    CT.CLIENT_OF_SEX_WORKERS: (
        "touch",
        "loneliness",
        "values",
        "disclosure",
        "agreement",
        "money",
        "curiosity",
        "consent",
    ),
    CT.COUPLE: ("agreement", "jealousy", "trust", "repair", "consent", "desire", "rent"),
    CT.OCSB: ("sleep", "values", "curiosity", "loneliness", "rest", "desire", "family"),
    CT.OTHER: ("dating", "consent", "desire", "pleasure", "family", "grief", "boundaries"),
}

# The days sessions fall on: Monday to Saturday.
WEEKDAYS: tuple[str, ...] = tuple(day.capitalize() for day in ENGLISH_WEEKDAYS[:6])

# Lines that open the first and the last session of a case, and plans for a last session.
INTAKE_LINES: tuple[str, ...] = (
    "Intake session. Talked through consent to treatment, confidentiality and its limits, and "
    "how notes are kept.",
    "First session: {first} described what brought {first} here and what {first} hopes to get "
    "from therapy.",
    "Intake: agreed fees, the cancellation policy and how to reach the practice between sessions.",
)

CLOSING_LINES: tuple[str, ...] = (
    "Final session: reviewed progress together and agreed to close for now.",
    "Closing session, at {first}'s suggestion; we looked back at where things started.",
)

PAUSE_LINES: tuple[str, ...] = (
    "Last session before a planned pause; {first} wants time to try things out alone.",
    "{first} asked to pause sessions for a while because of a change in work hours at {employer}.",
)

CLOSING_PLAN: tuple[str, ...] = (
    "Case closed by mutual agreement.",
    "{first} has the practice's details and is welcome to come back at any time.",
    "Sent the short closing summary {first} asked for, by post rather than email.",
    "Goals reviewed together; statuses updated in the record.",
    "No further sessions booked.",
    "{first} will keep using the peer support {first} found in {place2}.",
)

PAUSE_PLAN: tuple[str, ...] = (
    "Sessions paused at {first}'s request; no fixed date to resume.",
    "{first} will email when ready to book again.",
    "Agreed to check in by email in about two months, if {first} would like that.",
    "Goals left open for when sessions resume.",
    "{first} knows the practice can offer short video sessions in the meantime.",
)

# --------------------------------------------------------------------------- goals

GOALS_BY_TYPE: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: (
        "Build a screening routine that still works on busy weeks",
        "Protect one full rest day each week",
        "Decide whether to tell my sister about the work, on my own terms",
        "Raise my rates without losing the regulars I like",
        "Fewer late shifts for the same income",
        "Find a GP who is affirming of sex work",
    ),
    CT.FORMER_SEX_WORKER: (
        "Tell the story of the work in a way that holds both the good and the hard parts",
        "Settle into the new job without hiding the past from myself",
        "Build a budget that works on the new income",
        "Stay connected to friends from the industry",
    ),
    CT.CLIENT_OF_SEX_WORKERS: (
        "Understand which needs the visits meet",
        "Bring the visits within our agreement, or renegotiate it",
        "Keep spending within the budget I set",
        "Find more sources of touch and companionship",
        "Decide about telling a new partner, and when",
    ),
    CT.COUPLE: (
        "Rewrite our relationship agreement together",
        "Talk about jealousy without blaming each other",
        "Each of us names one need a week",
        "Decide together whether to open the relationship further",
    ),
    CT.OCSB: (
        "Choose how much time online fits my values",
        "Sleep before midnight on work nights",
        "Separate inherited shame from my own values",
        "Notice what the pull is about before deciding",
    ),
    CT.OTHER: (
        "Feel more at home in my body",
        "Raise consent earlier when dating",
        "Find language for desire differences with my partner",
    ),
}

GOAL_REVISIONS: tuple[str, ...] = (
    ", at a pace that fits the work schedule",
    ", with my partner's input",
    ", starting with one small step a week",
    ", and check in about it monthly",
    " (narrowed to weekdays only)",
)

# --------------------------------------------------------------------------- signing, drafts

ADDENDA: tuple[str, ...] = (
    "Addendum: {first} emailed after the session to say the rent issue is resolved; no change "
    "to the plan.",
    "Addendum: correction, the next session is by video, not in person.",
    "Addendum: phoned {first} to confirm the referral details as agreed in session.",
    "Addendum: on reflection, the assessment above leans on my own assumption about stopping; "
    "{first} has not set that goal.",
    "Addendum: {first} asked that the name {employer} not appear in any consultation summary.",
    "Addendum: discussed this session in peer consultation (de-identified); no change to the plan.",
    "Addendum: {first} texted to move next week's session to {weekday}.",
)

# --------------------------------------------------------------------------- reflection

PRESENTING_CONCERNS: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: (
        "Stress from a landlord dispute and from keeping the work private from family.",
        "Wants support with boundaries with regulars and with sleep after late bookings.",
        "Low mood since a friend moved away; the work itself is going well.",
    ),
    CT.FORMER_SEX_WORKER: (
        "Adjusting to a new office job and deciding who to tell about past work.",
        "Gaps in a CV and a bank account closure are making the next step hard.",
        "Wants to make sense of mixed feelings about stepping back from the work.",
    ),
    CT.CLIENT_OF_SEX_WORKERS: (
        "Wants to understand what the visits give them and whether to tell their partner.",
        "Curious about what need the visits meet; no wish to stop decided yet.",
        "Feels the secrecy weighs more than the visits; wants to think about the agreement.",
    ),
    CT.COUPLE: (
        "Renegotiating the relationship agreement after one partner told the other about the "
        "visits.",
        "Want to find words for different levels of desire without blaming each other.",
        "Opening the relationship and want a process for revising the agreement.",
    ),
    CT.OCSB: (
        "Worried that time spent on sex online conflicts with their values.",
        "Feels sex has become the main way to come down from stress; wants more options.",
        "Unsure whether the concern is the behaviour or a partner's reaction to it.",
    ),
    CT.OTHER: (
        "Wants space to think about desire and relationships after a separation.",
        "Questions about sexual health and a new relationship.",
    ),
}

# Option ids of the default prompt library's needs prompts (resources/prompts).
NEED_OPTION_IDS: tuple[str, ...] = (
    "emotional",
    "physical",
    "not_allowed",
    "companionship",
    "other",
    "none",
)
NEEDS_BY_TYPE: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: ("emotional", "physical", "companionship", "other"),
    CT.FORMER_SEX_WORKER: ("emotional", "companionship", "other", "none"),
    CT.CLIENT_OF_SEX_WORKERS: (
        "emotional",
        "physical",
        "companionship",
        "not_allowed",
        "none",
    ),
    CT.COUPLE: ("emotional", "physical", "not_allowed", "companionship"),
    CT.OCSB: ("emotional", "physical", "other", "none"),
    CT.OTHER: ("emotional", "physical", "companionship", "other"),
}

WORK_GIVES_OPTION_IDS: tuple[str, ...] = (
    "income",
    "independence",
    "connection",
    "skill",
    "community",
)
WITHIN_AGREEMENT: tuple[str, ...] = ("within", "outside", "no_agreement", "unsure")
VALUES_OR_DYSREGULATION: tuple[str, ...] = ("values_conflict", "dysregulation", "both", "unclear")
STRESSOR_OPTION_IDS: tuple[str, ...] = ("stigma", "law", "disclosure", "exclusion")
LEAVING_OPTION_IDS: tuple[str, ...] = (
    "planned",
    "gradual",
    "circumstances",
    "partial",
    "revisiting",
)
# The clinician self-check's answers, fitting the assumptions a case's type can invite: no
# "entitlement" for a sex worker, no "victimhood" for a client of sex workers.
ASSUMPTION_OPTION_IDS: tuple[str, ...] = (
    "none",
    "none",
    "entitlement",
    "victimhood",
    "exploitation",
)
ASSUMPTIONS_BY_TYPE: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: ("victimhood", "exploitation"),
    CT.FORMER_SEX_WORKER: ("victimhood", "exploitation"),
    CT.CLIENT_OF_SEX_WORKERS: ("entitlement", "exploitation"),
    CT.COUPLE: ("entitlement",),
    CT.OCSB: (),  # the stance check (pathologising) is the one that fits here
    CT.OTHER: (),
}
STANCE_BY_TYPE: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: ("rescuing", "pathologising", "curiosity"),
    CT.FORMER_SEX_WORKER: ("rescuing", "pathologising"),
    CT.CLIENT_OF_SEX_WORKERS: ("curiosity", "minimising"),
    CT.COUPLE: ("rescuing", "minimising"),
    CT.OCSB: ("pathologising", "minimising"),
    CT.OTHER: ("pathologising", "curiosity"),
}
# Risk and safety, asked, never presumed: mostly nothing described, or not asked that day.
RISK_SELF_HARM: tuple[str, ...] = ("none", "none", "no_change", "no_change", "not_asked", "passing")
RISK_RELATIONSHIP: tuple[str, ...] = ("none", "none", "no_change", "not_asked")
SAFETY_PLAN_STATUS: tuple[str, ...] = (
    "in_place",
    "no_change",
    "no_change",
    "not_needed",
    "not_asked",
)
SAFETY_PLANS: tuple[str, ...] = (
    "Calls a friend and goes for a walk when the evenings get heavy.",
    "Knows who to ring and has the crisis line saved; feels it is enough for now.",
    "Tells a housemate where the evening will be; leaves when something feels off.",
)
HARM_REDUCTION_OPTION_IDS: tuple[str, ...] = (
    "check_in_buddy",
    "screening",
    "bad_date_list",
    "if_wrong",
)
RELATIONSHIP_STRUCTURES: tuple[str, ...] = ("monogamous", "monogamish", "open", "polyamorous")
OTHER_REASON_OPTION_IDS: tuple[str, ...] = (
    "sexual_pain",
    "desire",
    "identity",
    "kink",
    "non_monogamy",
)

SYSTEMIC_FUNCTIONS: tuple[str, ...] = (
    "gives a place outside family roles",
    "helps come down after work",
    "keeps a comfortable distance in the relationship stable",
    "funds independence and choice",
    "holds a conversation both partners avoid",
    "connects with a community",
    "none identified yet",
    "brings novelty to a settled routine",
)

CLINICIAN_CHECKS: tuple[str, ...] = (
    "Noticed some discomfort in myself with the topic; noted for supervision.",
    "Am I reading distress as pathology when {first} is describing ordinary stress?",
    "Are the goals in this note {first}'s, or mine?",
)

CLINICIAN_CHECKS_BY_TYPE: dict[ClientType, tuple[str, ...]] = {
    CT.CURRENT_SEX_WORKER: (
        "Am I assuming victimhood? {first} describes the work as a choice.",
        "Is the worry about safety mine or {first}'s?",
        "Am I treating the work as the problem when {first} named the landlord and the law?",
    ),
    CT.FORMER_SEX_WORKER: (
        "Am I assuming victimhood? {first} describes the work as a choice.",
        "Am I expecting a story of regret that {first} has not told?",
    ),
    CT.CLIENT_OF_SEX_WORKERS: (
        "Checked my own frame for entitlement assumptions; the need described is companionship, "
        "not a claim on anyone.",
        "Am I steering toward stopping because it is easier for me?",
        "Am I judging the visits by my values rather than {first}'s?",
    ),
    CT.COUPLE: (
        "Whose agreement am I defending: the couple's, or one I would have made?",
        "Am I bringing my own values about monogamy into this?",
        "Am I siding with the partner who speaks more?",
    ),
    CT.OCSB: (
        "Am I steering toward stopping because it is easier for me?",
        "Am I treating frequency as the problem when {first} named choice as the concern?",
    ),
    CT.OTHER: ("Am I bringing my own values about desire into this?",),
}

SAFETY_WORKPLACE: tuple[str, ...] = (
    "feels safe at the studio",
    "works alone; uses a check-in friend",
    "new venue, still getting a feel for it",
    "safe; door staff know the screening rules",
)
SAFETY_SCREENING: tuple[str, ...] = (
    "own routine working",
    "wants to tighten deposits",
    "rushed on busy weeks",
    "uses the peer bad date list",
)
SAFETY_LEGAL: tuple[str, ...] = (
    "worried about local enforcement",
    "low; works independently",
    "unsure after the news story",
    "concerned about working with a friend",
)
SAFETY_STIGMA: tuple[str, ...] = (
    "heavy this week (family)",
    "manageable",
    "felt at the GP",
    "online harassment",
)

# Words the generated data must never contain (whole words, case-insensitive).
BANNED_WORDS: tuple[str, ...] = (
    "prostitute",
    "prostitutes",
    "prostitution",
    "john",
    "johns",
    "hooker",
    "hookers",
    "sex addict",
    "sex addiction",
    "addict",
    "addicted",
    "addiction",
    "victim",
    "victims",
    "deviant",
    "deviance",
    "whore",
    "whores",
    "relapse",
    "acting out",
)
