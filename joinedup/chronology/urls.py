from django.urls import path

from . import views

app_name = "chronology"
_child = "children/<int:child_id>/"
urlpatterns = [
    path(f"{_child}case-summary/", views.case_summary, name="summary"),
    path(f"{_child}chronology/", views.chronology, name="chronology"),
    path(f"{_child}chronology.pdf", views.chronology_pdf, name="chronology_pdf"),
    path(f"{_child}search/", views.record_search, name="record_search"),
]
