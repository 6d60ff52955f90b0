from django.apps import AppConfig


class CaseRecordConfig(AppConfig):
    name = "joinedup.case_record"
    label = "case_record"
    verbose_name = "Case record"
