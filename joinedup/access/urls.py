from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("children/<int:child_id>/break-glass/", views.break_glass, name="break_glass"),
    path("children/<int:child_id>/break-glass/record/", views.break_glass_write, name="break_glass_write"),
    path("break-glass/<int:access_id>/review/", views.break_glass_review, name="break_glass_review"),
    path("restricted-records/", views.restricted_records, name="restricted_records"),
    path("enrolment-links/", views.enrolment_links, name="enrolment_links"),
    path("sign-in/enrol/", views.enrol_second_factor, name="enrol_second_factor"),
    path("sign-in/enrol/<str:token>/", views.enrolment_link_open, name="enrolment_link_open"),
    path("account/authenticator-app/", views.replace_second_factor, name="replace_second_factor"),
]
