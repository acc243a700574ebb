app_name = "actionplans"
urlpatterns = []
