"""Words that follow a cue for a name (a naming verb, a dash, a sender's label) without ever
being the name: pronouns, relations, jobs, days and insults."""

from __future__ import annotations

# What follows a naming verb but is never the name itself.
NOT_NAMES = frozenset(
    {
        *("her", "him", "them", "me", "us", "it", "this", "that", "a", "an", "the", "his"),
        *("their", "my", "our", "your", "back", "again", "out", "up", "off", "every", "each"),
        *("daily", "weekly", "often", "sometimes", "regularly", "now", "then", "and", "or"),
        *("but", "so", "when", "if", "to", "in", "on", "at", "for", "with", "from", "by"),
        *("mother", "father", "mum", "mom", "dad", "sister", "brother", "wife", "husband"),
        *("partner", "friend", "boss", "doctor", "gp", "police", "work", "home", "ahead"),
        *("herself", "himself", "themselves", "myself", "she", "he", "they", "i", "we"),
        *("escort", "dancer", "stripper", "nurse", "carer", "cleaner", "teacher", "driver"),
        *("receptionist", "manager", "model", "cam", "sex", "independent", "full", "part"),
        *("once", "twice", "late", "early", "tomorrow", "today", "tonight", "yesterday"),
        *("mr", "mrs", "ms", "mx", "miss", "dr", "prof", "into", "since", "within", "only"),
        *("men", "women", "people", "porn", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday", "not", "no", "just", "also", "still"),
        # Words someone is called that name nobody ("called me names"); endearments that are
        # also working names ("Honey", "Baby") are left to be found.
        *("names", "hun", "darling", "sweetheart", "crazy", "stupid", "selfish", "lazy"),
        *("known", "which", "where", "who", "whom", "whose", "cops", "police", "ambulance"),
    }
)
