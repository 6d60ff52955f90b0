from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/second-factor/", views.second_factor, name="second_factor"),
    path("sign-in/set-up-second-factor/", views.set_up_second_factor, name="set_up_second_factor"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-out/done/", views.signed_out, name="signed_out"),
]
