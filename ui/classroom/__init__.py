"""Class mode: a teacher's class that students follow and answer in (store.py is its SQL)."""
