"""Build the de-identification word lists shipped in ``resources/deid/``.

Run once by a developer; the generated files are committed and the app never downloads.

    apt-get install -y wamerican wbritish          # SCOWL word lists
    python -m venv /tmp/fv && /tmp/fv/bin/pip install faker
    /tmp/fv/bin/python tools/build_wordlists.py

Sources: SCOWL (via the Debian packages wamerican/wbritish; permissive licence, see
/usr/share/doc/wamerican/copyright) for ordinary English words, using only its lower-case
entries; Faker (MIT licence) ``faker.providers.person.<locale>`` first-name lists for an
international first-name list. The allow-list and suffix lists are hand-written here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "deid"


def _words(text: str) -> list[str]:
    return text.split()


DICTS = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english"))

# Clinical abbreviations, acronyms, models, measures, eponyms of therapy models, and the
# platforms and apps clients talk about. Matched case-insensitively; never identifiers.
ALLOW = _words("""
SOAP DAP BIRP GIRP MDMA NSAID UKCP BACP HCPC WPATH SIECUS GP EHR
ACT CBT DBT EFT EMDR IFS MI CPT PE TF-CBT ERP MBCT MBSR CFT SFBT IPT PCIT ABFT
PHQ PHQ-9 PHQ-2 GAD GAD-7 PCL PCL-5 SUDS AUDIT DAST ACE ACEs BDI BAI CAPS DES PSS
CSSRS C-SSRS ASQ SCID MMSE MoCA GAF WHODAS ORS SRS AAQ OCI PDSS YBOCS Y-BOCS
DSM DSM-5 DSM-5-TR ICD ICD-10 ICD-11 CSBD OCSB SAA SLAA SAA NA AA SMART ALANON Al-Anon
PTSD CPTSD C-PTSD ADHD ADD ASD OCD GAD MDD BPD PDD NPD BD SUD AUD OUD DID OSDD
SI HI NSSI SH DV IPV SA CSA CSE SW FSW SWer SWers TW TWs HR PR IT QA CEO CFO COO
STI STIs STD STDs HIV AIDS HPV HSV HCV HBV PEP PrEP U=U UTI BV TB COVID COVID-19
SSRI SSRIs SNRI SNRIs MAOI TCA ECT TMS IOP PHP ER ED ICU OB GYN OB-GYN PCP
NP MD DO PA RN LPN LCSW LMFT LPC LMHC PsyD PhD MSW MA MS BA BS BSc MSc CSW LSW APRN
PMHNP CNM DDS DMD DPT OT PT SLP CNA EMT MFT LICSW LCPC LPCC CADC CASAC AASECT CST
DOB DOD SSN MRN ID IDs PPO HMO EAP FMLA ADA IEP
HIPAA GDPR FERPA CPS DCFS ACS DHS DSS SNAP WIC TANF SSI SSDI EBT
BDSM BDSM-friendly D/s DD/lg GFE PSE BBBJ FS OF OnlyFans Fansly ManyVids Clips4Sale
Chaturbate Stripchat MyFreeCams CamSoda LiveJasmin Pornhub JustFor.Fans JFF
Tryst Slixa Eros SeekingArrangement Switter Backpage Craigslist
RentMen Rentboy Grindr Scruff Jack'd Hornet Tinder Hinge Bumble Feeld OkCupid Taimi
Instagram Facebook Messenger WhatsApp Signal Telegram Snapchat TikTok Twitter X Reddit
YouTube Twitch Discord Slack Zoom Skype FaceTime iMessage Gmail Outlook Google LinkedIn
Threads Bluesky Mastodon Tumblr Pinterest Patreon Ko-fi Linktree Substack
Venmo CashApp PayPal Zelle Revolut Apple Android iPhone iPad
Uber Lyft Airbnb Amazon Etsy Shopify Dropbox iCloud Proton ProtonMail
OK TV DVD PDF SMS MMS GPS VPN URL URLs IP AM PM EST PST CST MST UTC GMT BST
US USA UK EU NHS CDC WHO FDA DEA NIH NIMH SAMHSA APA ACA NASW AAMFT
LGBT LGBTQ LGBTQ+ LGBTQIA LGBTQIA+ LGBTQ2S+ QTPOC BIPOC POC BPD NB AFAB AMAB MTF FTM
CNM ENM ENM-friendly ABC BRB FYI ASAP TBD NB ETA RSVP
Gottman Gottman's Perel Perel's Linehan Linehan's Satir Minuchin Bowlby Winnicott Freud
Freudian Jung Jungian Adler Adlerian Yalom Kinsey Nagoski Porges Kabat-Zinn Prochaska
DiClemente Rollnick Maslow Erikson Piaget Kohut Kernberg Kolk Horsemen Socratic
Motivational Interviewing Dual Process Model Four Horsemen Sound Relationship House
Atone-Attune-Attach
Good Lives Polyvagal Window Tolerance Wheel Consent Wise Mind DEAR MAN GIVE FAST TIPP
Transtheoretical
Narcotics Anonymous Alcoholics Anonymous Sex Addicts Sexaholics Al-Anon Recovery Dharma
Medicaid Medicare Tricare Obamacare Planned Parenthood Narcan Naloxone Suboxone
Lexapro Zoloft Prozac Paxil Celexa Wellbutrin Effexor Cymbalta Abilify Seroquel Lamictal
Adderall Ritalin Vyvanse Xanax Ativan Klonopin Valium Ambien Truvada Descovy Viagra Cialis
Apretude Cabenuva Plan B
Mx Mr Mrs Ms Miss Dr Prof Sr Jr
""")

# Clinical, sexual-health, gender and sex-work vocabulary that SCOWL lacks: ordinary words
# in notes, never identifiers (including British spellings and inflections).
CLINICAL_WORDS = _words("""
psychoeducation psychoeducational psychotherapeutic psychodynamic psychosexual
biopsychosocial psychosocial subthreshold subclinical telehealth telepsychiatry telehealth's
metamour metamours polyamorous polyamory polycule monogamish nonmonogamy non-monogamy
nonmonogamous non-monogamous camming cammer cammers camgirl camboy geoblocking geoblock
geoblocked geolocation geotag geotagged crosstalk whiteboard takedown takedowns
dysregulation dysregulated interoceptive defusion cognitive-behavioural ableism ableist
outcall outcalls incall incalls nonbinary non-binary pansexual demisexual asexual aromantic
agender genderqueer genderfluid transmasculine transfeminine cisgender cis trans
hypervigilance hypervigilant hyperarousal hypoarousal dissociative dissociation somatic
somatically catastrophizing catastrophising catastrophize catastrophise neurodivergent
neurodivergence neurotypical misgendering misgendered deadname deadnamed deadnaming doxxing
doxxed doxx dox livestream livestreams livestreaming safeword safewords aftercare
whorephobia whorephobic minoritized minoritised stigmatised stigmatized destigmatising
destigmatizing internalised internalized kink kinks kinky kinkster femdom findom domme
escorting sugaring subscribers subscriber paywall paywalled screenshot screenshots
sexting sext sexted hookup hookups roleplay role-play sexological sexology sexologist
mentalization mentalisation co-regulation coregulation self-regulation self-compassion
self-harm selfharm suicidality ideation psychiatric psychopharmacology titration titrate
titrated intake intakes biphobia transphobia transphobic homophobic homophobia queerness
chemsex slamming poppers prep pep condomless serodiscordant undetectable seroconversion
sti stis hiv-negative hiv-positive retraumatising retraumatizing retraumatization
retraumatisation trauma-informed harm-reduction sex-positive kink-aware kink-affirming
sex-worker-led peer-led burnout overwhelm overwhelms workaround checkin check-in
""")

# The shorthand of notes typed fast and of pasted text messages: ordinary words, not names.
# A line typed in lower case would otherwise have each of them taken for a name ("her gf",
# "next appt", "txt from mam"). Weekday and month abbreviations stay with the date rules.
SHORTHAND_WORDS = _words("""
appt appts apt rd rds ute utes gf gfs bf bfs bro bros sis sissy mam mammy nan nana nanna
gran granda grandad grandda aunty auntie hubby wifey missus bestie bff bae bub hun hon
txt txts txted texted msg msgs msged dm dms dmd pm'd ig insta fb snap snapchat vid vids pic
pics selfie selfies convo convos sesh seshes bday bdays wk wks mth mths yr yrs hr hrs min
mins sec secs tmrw tmw tmrrw 2moro 2day tonite nite b4 l8r gr8 pls plz thx ty bc b/c cos
coz cuz w/ w/o s/o tho thru prob probs def defo deffo ya yea yep nah naw aye lol omg idk
imo imho tbh ngl rn atm asap fyi eta approx info uni tafe poly ppl mgmt govt dept admin
meds pt pts hx dx tx rx sx fx f/u fu ax obs bloke blokes lad lads lass lasses mate mates
wee wifi rego regos u ur r n y k kk ok okay xx xxx xo wknd wknds tnx thnx nxt im ive
dont cant wont didnt doesnt isnt wasnt aint shes hes theyre youre thats whats nothin
somethin gonna wanna gotta dunno
jk ikr smh brb btw omw hbu wyd tbf chemo physio psych obgyn
""")

# Nationalities, languages, religions, regions and the like: capitalised, not identifying.
COMMON_PROPER = _words("""
English British Scottish Welsh Irish American Canadian Mexican Australian African
European Asian Latin Latina Latino Latinx Latine Hispanic Black White Indigenous Native
First Nations Arab Arabic Persian Farsi Turkish Kurdish Greek Italian Spanish Portuguese
French German Dutch Polish Ukrainian Russian Czech Slovak Hungarian Romanian Bulgarian
Serbian Croatian Bosnian Albanian Swedish Norwegian Danish Finnish Icelandic Chinese
Mandarin Cantonese Japanese Korean Vietnamese Thai Filipino Filipina Tagalog Indonesian
Malaysian Indian Pakistani Bangladeshi Nepali Sri Lankan Tamil Hindi Urdu Punjabi Bengali
Gujarati Nigerian Ghanaian Kenyan Ethiopian Somali Eritrean Sudanese Egyptian Moroccan
Algerian Tunisian Congolese Yoruba Igbo Hausa Swahili Amharic Zulu Xhosa Haitian Jamaican
Trinidadian Cuban Dominican Puerto Rican Colombian Venezuelan Peruvian Chilean Argentinian
Brazilian Salvadoran Guatemalan Honduran Nicaraguan Caribbean Hebrew Yiddish Jewish
Muslim Islamic Christian Catholic Protestant Evangelical Mormon Orthodox Hindu Buddhist
Sikh Jain Pagan Wiccan Quaker Baptist Methodist Lutheran Anglican Pentecostal Atheist
Agnostic Bible Quran Torah God Allah Jesus Christ Lord Ramadan Lent Shabbat Sabbath
Covid Omicron Medicaid Medicare Internet Web Wi-Fi WiFi Bluetooth Realtor Jacuzzi
Kleenex Band-Aid Velcro Styrofoam Xerox Lego Botox Tylenol Advil Benadryl Sudafed
""")

# Last words that make a capitalised sequence an organisation or workplace.
ORG_SUFFIXES = _words("""
inc inc. llc llp ltd ltd. co co. corp corp. corporation company companies group holdings
partners partnership associates agency agencies bar bars club clubs lounge lounges cafe café
cafes coffee restaurant restaurants bistro diner grill kitchen bakery bakeries brewery
brewing pub tavern inn hotel hotels motel resort spa spas salon salons studio studios gym
gyms fitness clinic clinics hospital hospitals health healthcare medical dental dentistry
veterinary vet pharmacy pharmaceuticals labs laboratory laboratories school schools academy
college university institute institution center centre foundation trust charity church
chapel mosque synagogue temple ministries bank banks credit union insurance financial
finance capital investments advisors advisers consulting consultants solutions systems
technologies technology tech software digital media press publishing books bookshop
bookstore records games entertainment productions films pictures theatre theater
museum gallery library libraries market markets grocers grocery foods farms farm
outfitters apparel boutique store stores shop shops supply supplies motors auto autos
automotive garage dealership logistics freight shipping transport transit rail railway
railways airlines airways airport energy power utilities water electric construction
builders architects architecture engineering design designs law legal attorneys
solicitors realty properties estates homes housing services service care nursing
council department dept office bureau authority commission police sheriff fire precinct
county schools district primary elementary secondary high academy nursery daycare
preschool kindergarten warehouse factory mill works industries manufacturing plant
studios records label agency escorts massage parlour parlor dungeon cabaret theatre
surgery practice collective cooperative co-op
""")

# Last words (and a few first words) that make a capitalised sequence a place.
PLACE_SUFFIXES = _words("""
street st road rd avenue ave lane ln drive dr boulevard blvd way terrace row court ct
place pl close crescent circle square sq parkway highway hwy trail walk gardens mews alley
park county heights hills hill falls bay ridge cross crossing vale valley mill mills reach
hollow lake lakes springs spring creek river beach point harbour harbor port island isle
islands grove glen green wood woods forest field fields meadow meadows moor marsh fen
junction bridge ford ferry landing village town city township borough parish shire
station estate end common downs cove cliffs bluff canyon mesa plains prairie summit
mountain mountains mount peak coast shore sound quay wharf docks
""")
PLACE_PREFIXES = _words(
    "port lake mount mt fort ft glen cape isle point saint st san santa east west north south"
)


def english_words() -> set[str]:
    words: set[str] = set()
    for path in DICTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            w = line.strip()
            # Only lower-case entries: SCOWL's capitalised entries are proper nouns.
            if re.fullmatch(r"[a-zà-öø-ÿ]+", w):
                words.add(w)
    return words


# Scholarly-lite romanisation of Cyrillic (close to the BGN/PCGN and passport forms people
# actually write: "Оксана" -> "Oksana", "Богдан" -> "Bogdan").
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґ",
        _words(
            "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya ye i yi g"
        ),
        strict=True,
    )
)


def romanise(name: str) -> str | None:
    """A Latin spelling of a Cyrillic name, or None for other scripts."""
    if not re.fullmatch(r"[\u0400-\u04ff]+", name):
        return None
    out = "".join(_CYRILLIC.get(c, "") if c in _CYRILLIC else "" for c in name.casefold())
    out = out.replace("_", "")
    return out.capitalize() if len(out) > 1 else None


def first_names() -> set[str]:
    import faker.providers.person as person

    names: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        module = importlib.import_module(f"faker.providers.person.{info.name}")
        provider = getattr(module, "Provider", None)
        for attr in dir(provider):
            if not (attr.startswith("first_") and "name" in attr):
                continue
            value = getattr(provider, attr, None)
            if not isinstance(value, dict | list | tuple):
                continue
            for raw in value:
                if not isinstance(raw, str):
                    continue
                name = raw.strip()
                if len(name) > 1 and " " not in name and not name.isupper():
                    names.add(name)
                    latin = romanise(name)
                    if latin:
                        names.add(latin)
    return names


# The everyday words of notes written in German, Spanish, Portuguese, French, Italian and
# Dutch: function words and the words of a clinical note. A note in one of these languages
# capitalises them at a sentence's start (and German every noun); they are no names there.
OTHER_LANGUAGE_WORDS = {
    # Month and weekday names: a date's words, everyday in any of these languages.
    "cal": _words(
        """
abril agosto août april aprile august augustus avril december dezember dezembro dicembre
diciembre dienstag dimanche dinsdag domenica domingo donderdag donnerstag décembre enero
febbraio febrero februar februari fevereiro freitag février gennaio giovedì giugno
janeiro januar januari janvier jeudi jueves juillet juin julho juli julio junho juni
junio luglio lundi lunedì lunes maandag maart maggio mai maio mardi mars martedì martes
marzo março mayo mei mercoledì mercredi mittwoch miércoles montag märz november novembre
novembro noviembre octobre octubre oktober ottobre outubro quarta quinta sabato samedi
samstag segunda september septembre septiembre setembro settembre sexta sonntag sábado
terça vendredi venerdì viernes vrijdag woensdag zaterdag zondag
"""
    ),
    "de": _words(
        """
der die das den dem des ein eine einen einem einer eines und oder aber nicht kein keine
keinen sie er es wir ihr ihm ihn ihnen ihre ihren ihrer ihrem sein seine seinen seiner
seinem mein meine dein unser euch uns mich mir dich dir sich ist sind war waren wird
werden wurde hat haben hatte hatten kann können will wollen soll sollen muss müssen
möchte mit von zu zum zur bei beim aus nach seit vor über unter für gegen ohne um am im
ins auf bis durch als wie wenn dass ob weil denn auch noch schon nur sehr mehr viel
wieder immer heute morgen gestern jetzt dann hier dort doch ja nein nichts alles alle
etwas wer was wo wann warum welche dieser diese dieses jede jeder jedes klientin klient
patientin patient termin sitzung verlauf befund anliegen hintergrund intervention
diagnose therapie psychotherapie beratung beratungsstelle gespräch ziel ziele anamnese
stimmung schlaf angst ängste panikattacken arbeit familie mutter vater schwester bruder
tochter sohn kinder kind partnerin freund freundin freier kunde kunden woche wochen
monat monate jahr jahre tag tage nacht uhr stunden stunde handy telefon hausarzt ärztin
arzt polizei anzeige geld miete wohnung haus zimmer stadt arbeitsname nächster nächste
wichtig aufgaben einwilligung meldung informationen hilfe sicherheit sicherheitsplan
gewalt scham schuld sucht alkohol medikamente hausaufgabe übung übungen atemübungen
psychoedukation gefühle gefühl beziehung ehe vertrauen angebot kontakt arbeitet wohnt
sagt berichtet erzählt
"""
    ),
    "es": _words(
        """
el la los las un una unos unas y o pero no ni que de del al en con por para sin sobre
entre hasta desde como cuando donde porque pues ella él ellos ellas nosotros usted le
les lo se su sus mi mis tu te me nos es son está están era fue ha han había hay ser
estar tiene tienen quiere puede muy más menos ya también todavía hoy ayer mañana semana
mes año este esta estos estas ese esa eso todo toda todos nada algo nota clínica
paciente motivo intervención próxima cita teléfono sesión plan objetivo objetivos
trabaja hablamos valoración evaluación antecedentes diagnóstico tratamiento seguimiento
riesgo seguridad familia madre padre hermana hermano hija hijo pareja novio novia amiga
amigo cliente clientes trabajo dinero casa piso  noche día días meses años miedo
ansiedad insomnio sueño tristeza ánimo apoyo ayuda policía abogado abogada médico médica
vive dice cree
"""
    ),
    "pt": _words(
        """
o a os as um uma e ou mas não nem que de do da dos das em no na nos nas com por para sem
sobre entre até desde como quando onde porque ela ele eles elas nós você lhe se seu sua
seus suas meu minha é são está estão era foi tem têm há ser estar muito mais menos já
também ainda hoje ontem amanhã semana mês ano este esta isso tudo nada algo mora nota
paciente cliente sessão plano objetivo motivo próxima consulta telefone irmã irmão mãe
pai filha filho família trabalho dinheiro casa  noite dia medo ansiedade sono apoio
ajuda polícia advogado advogada médico médica trabalha diz acha
"""
    ),
    "fr": _words(
        """
le la les un une des et ou mais ne pas ni que qui de du au aux en dans avec par pour
sans sur sous entre depuis comme quand où parce elle il elles ils nous vous lui leur
leurs se son sa ses mon ma mes ton ta est sont était été ont avait avoir être fait très
plus moins déjà aussi encore hier demain semaine mois année ce cette ces cet tout tous
rien séance patiente cliente motif objectif objectifs prochaine prochain rendez-vous
téléphone tél suivi évaluation antécédents sœur frère mère père fille fils famille
travail argent maison  nuit jour peur anxiété sommeil soutien aide avocat avocate
médecin travaille habite dit pense
"""
    ),
    "it": _words(
        """
il lo la i gli le un una uno e o ma non né che di del della dei delle al alla in nel
nella con per su tra fra senza come quando dove perché lei lui loro noi voi si suo sua
suoi sue mio mia è sono era stato stata ha hanno aveva essere avere molto più meno già
anche ancora oggi ieri domani settimana mese anno questo questa tutto niente seduta
paziente cliente motivo obiettivo piano prossimo appuntamento telefono sorella fratello
madre padre figlia figlio famiglia lavoro soldi casa notte giorno paura ansia sonno
supporto aiuto polizia avvocato medico lavora abita dice pensa
"""
    ),
    "nl": _words(
        """
de het een en of maar niet geen dat die dit deze van in op met voor naar bij uit over
tot door als wanneer waar omdat zij ze hij wij jij haar hem hun ons zich zijn is was
heeft hebben had wordt werd kan wil moet zeer meer minder al ook nog vandaag gisteren
morgen week maand jaar alles niets iets sessie cliënt cliënte doel doelen plan volgende
afspraak telefoon zus broer moeder vader dochter zoon familie werk geld huis
nacht dag angst slaap steun hulp politie advocaat huisarts werkt woont zegt denkt
"""
    ),
}


def write(name: str, header: str, entries: set[str] | list[str]) -> None:
    path = OUT / name
    body = "\n".join(sorted(set(entries), key=lambda s: (s.casefold(), s)))
    path.write_text(f"# {header}\n{body}\n", encoding="utf-8")
    print(f"{path.name}: {len(set(entries))} entries, {path.stat().st_size} bytes")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    write(
        "english.txt",
        "Ordinary English words: the lower-case entries of SCOWL "
        "(Debian wamerican + wbritish). SCOWL licence: permissive, copyright Kevin Atkinson "
        "and others; see /usr/share/doc/wamerican/copyright.",
        english_words(),
    )
    write(
        "first-names.txt",
        "International first names from Faker's person providers "
        "(all locales). Faker is MIT-licensed (c) Daniele Faraglia.",
        first_names(),
    )
    write(
        "allow.txt",
        "Clinical abbreviations, acronyms, therapy models and eponyms, "
        "platforms and apps: never identifiers. Hand-written for Casenotes (MIT).",
        ALLOW,
    )
    write(
        "org-suffixes.txt",
        "Last words that make a capitalised sequence a workplace. "
        "Hand-written for Casenotes (MIT).",
        ORG_SUFFIXES,
    )
    write(
        "place-suffixes.txt",
        "Last words that make a capitalised sequence a place. Hand-written for Casenotes (MIT).",
        PLACE_SUFFIXES,
    )
    write(
        "place-prefixes.txt",
        "First words that make a capitalised sequence a place. Hand-written for Casenotes (MIT).",
        PLACE_PREFIXES,
    )
    write(
        "clinical-words.txt",
        "Clinical, sexual-health, gender and sex-work vocabulary missing from SCOWL: "
        "ordinary words. Hand-written for Casenotes (MIT).",
        [w.casefold() for w in CLINICAL_WORDS],
    )
    write(
        "shorthand.txt",
        "The shorthand of fast notes and text messages: ordinary words. "
        "Hand-written for Casenotes (MIT).",
        [w.casefold() for w in SHORTHAND_WORDS],
    )
    write(
        "other-languages.txt",
        "Everyday words of notes in other languages, one 'language word' a line. "
        "Hand-written for Casenotes (MIT).",
        [f"{lang} {w.casefold()}" for lang, ws in OTHER_LANGUAGE_WORDS.items() for w in ws],
    )
    write(
        "common-proper.txt",
        "Nationalities, languages, religions and common brand words: capitalised but not "
        "identifying. Hand-written for Casenotes (MIT).",
        COMMON_PROPER,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
