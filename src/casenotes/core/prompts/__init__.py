"""The reflection prompt library: the shipped prompts, the practitioner's customisations of
them, answers, the case's course over time, and shared prompt sets. No Qt."""

from casenotes.core.prompts.answers import (
    clean_answer,
    describe_answer,
    is_answered,
    note_comment,
    set_answer,
)
from casenotes.core.prompts.course import (
    CaseCourse,
    GoalTrack,
    SessionPoint,
    case_course,
    status_on,
)
from casenotes.core.prompts.customise import (
    all_prompts_with_state,
    apply_customisations,
    customise,
    prompts_for,
    reorder,
    set_hidden,
)
from casenotes.core.prompts.library import (
    PromptLibraryError,
    load_default_library,
    parse_library,
)
from casenotes.core.prompts.model import (
    NOTES_KEY,
    OPTION_ID_PATTERN,
    PROMPT_ID_PATTERN,
    Prompt,
    PromptCustomisation,
    PromptKind,
    PromptLibrary,
    PromptOption,
)
from casenotes.core.prompts.prompt_set import (
    PROMPT_SET_KIND,
    export_prompt_set,
    import_prompt_set,
)
from casenotes.core.prompts.vocabulary import (
    STIGMATISING_TERMS,
    find_framing,
    find_stigmatising,
)

__all__ = [
    "NOTES_KEY",
    "OPTION_ID_PATTERN",
    "PROMPT_ID_PATTERN",
    "PROMPT_SET_KIND",
    "STIGMATISING_TERMS",
    "CaseCourse",
    "GoalTrack",
    "Prompt",
    "PromptCustomisation",
    "PromptKind",
    "PromptLibrary",
    "PromptLibraryError",
    "PromptOption",
    "SessionPoint",
    "all_prompts_with_state",
    "apply_customisations",
    "case_course",
    "clean_answer",
    "customise",
    "describe_answer",
    "export_prompt_set",
    "find_framing",
    "find_stigmatising",
    "import_prompt_set",
    "is_answered",
    "load_default_library",
    "note_comment",
    "parse_library",
    "prompts_for",
    "reorder",
    "set_answer",
    "set_hidden",
    "status_on",
]
