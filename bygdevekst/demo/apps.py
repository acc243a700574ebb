from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bygdevekst.demo"
    verbose_name = "Demo data"
