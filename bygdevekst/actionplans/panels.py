def action_plan_panel(request, agreement):
    return ""
