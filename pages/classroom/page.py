"""Class: start a class; join one; with the teacher's link, see what the class answers."""

from pages.classroom import views

views.page()
