"""Who may see and do what, declared in one place.

- roles.py: what a user is (from memberships), computed once per request.
- visibility.py: one query per object type deciding what a user may see (outsiders get 404).
- permissions.py: the rules predicates and the declared table of actions per role.
"""
