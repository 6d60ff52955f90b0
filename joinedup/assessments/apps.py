from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "joinedup.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        # Inside ready(): models may be imported only once the app registry is ready.
        from joinedup.episodes.selectors import register_open_work

        from .codes import AssessmentStatus
        from .models import SingleAssessment

        # An assessment in progress keeps its episode of need open (episodes/selectors.py).
        register_open_work(
            "assessment",
            lambda episode_id: SingleAssessment.objects.filter(
                case_episode_id=episode_id, status=AssessmentStatus.IN_PROGRESS
            ),
        )
