"""A cooperation partner's part of a frozen version (the partner page).

Pure functions over a version's snapshot (domain/snapshot.py): a partner reads the sub-goals it is party
to — where one of its organisations has a commitment, or which its party row names — with their focus
area's title and every party's commitments under them, and comments on those sub-goals and commitments
only. Nothing else of the version leaves here.
"""

from ..models import CommentTarget


def partner_sub_goal_uids(content, org_ids):
    """The uids of the sub-goals the organisations `org_ids` are party to in this snapshot."""
    org_ids = set(org_ids)
    uids = set()
    for party in content.get("parties", []):
        if party["organisation"]["id"] in org_ids:
            uids.update(party.get("sub_goals", []))
    for fa in content.get("focus_areas", []):
        for sg in fa["sub_goals"]:
            if any(c["party"]["id"] in org_ids for c in sg["commitments"]):
                uids.add(sg["uid"])
    return uids


def partner_part(content, org_ids):
    """[{focus_area: {uid, title}, sub_goals: [sub-goal dicts]}] in the version's order, for the partner's
    sub-goals only: a focus area appears with its title alone, and only when one of its sub-goals does."""
    uids = partner_sub_goal_uids(content, org_ids)
    part = []
    for fa in content.get("focus_areas", []):
        sub_goals = [sg for sg in fa["sub_goals"] if sg["uid"] in uids]
        if sub_goals:
            part.append({"focus_area": {"uid": fa["uid"], "title": fa["title"]}, "sub_goals": sub_goals})
    return part


def partner_targets(content, org_ids):
    """{uid: target kind} of what the partner may read and comment on: its sub-goals and their commitments."""
    targets = {}
    for group in partner_part(content, org_ids):
        for sg in group["sub_goals"]:
            targets[sg["uid"]] = CommentTarget.SUB_GOAL
            for c in sg["commitments"]:
                targets[c["uid"]] = CommentTarget.COMMITMENT
    return targets


def public_parties(content):
    """The parties' names and roles (not confidential), without the sub-goals they are tied to."""
    return [{"name": p["organisation"]["name"], "role": p["role"]} for p in content.get("parties", [])]
