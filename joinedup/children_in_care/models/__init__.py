"""Children in care (M21, M22): one module per aggregate, re-exported here."""

from .adoption import AdopterMatch, AdoptionDecision, DeprivationOfLibertyOrder
from .base import CareRecord
from .education import PersonalEducationPlan, SchoolChange, SchoolTerm
from .health import DentalCheck, HealthAssessment, ImmunisationStatus, StrengthsAndDifficultiesQuestionnaire
from .missing import MissingEpisode, ReturnHomeInterview
from .period import CareEpisode, LegalStatus, PeriodOfCare, Placement
from .plans import CarePlan, PlacementPlan
from .reviews import LookedAfterReview, ReviewDecision
from .visits import StatutoryVisit

__all__ = [
    "AdopterMatch",
    "AdoptionDecision",
    "CareEpisode",
    "CarePlan",
    "CareRecord",
    "DentalCheck",
    "DeprivationOfLibertyOrder",
    "HealthAssessment",
    "ImmunisationStatus",
    "LegalStatus",
    "LookedAfterReview",
    "MissingEpisode",
    "PeriodOfCare",
    "PersonalEducationPlan",
    "Placement",
    "PlacementPlan",
    "ReturnHomeInterview",
    "ReviewDecision",
    "SchoolChange",
    "SchoolTerm",
    "StatutoryVisit",
    "StrengthsAndDifficultiesQuestionnaire",
]
