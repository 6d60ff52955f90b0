from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("children/<int:child_id>/break-glass/", views.break_glass, name="break_glass"),
    path("children/<int:child_id>/break-glass/record/", views.break_glass_write, name="break_glass_write"),
    path("break-glass/<int:access_id>/review/", views.break_glass_review, name="break_glass_review"),
    path("restricted-records/", views.restricted_records, name="restricted_records"),
]
