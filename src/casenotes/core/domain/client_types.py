"""The fixed client-type vocabulary. Labels are written in the practice's own words."""

from enum import StrEnum


class ClientType(StrEnum):
    CURRENT_SEX_WORKER = "current_sex_worker"
    FORMER_SEX_WORKER = "former_sex_worker"
    CLIENT_OF_SEX_WORKERS = "client_of_sex_workers"
    COUPLE = "couple"
    OCSB = "ocsb"
    OTHER = "other"


CLIENT_TYPE_LABELS: dict[ClientType, str] = {
    ClientType.CURRENT_SEX_WORKER: "Current sex worker",
    ClientType.FORMER_SEX_WORKER: "Former sex worker",
    ClientType.CLIENT_OF_SEX_WORKERS: "Client of sex workers",
    ClientType.COUPLE: "Couple",
    ClientType.OCSB: "OCSB concerns",
    ClientType.OTHER: "Other",
}
