import ipaddress

from django.conf import settings
from django.db import connections, router, transaction

from .models import ActionLog

# The key of the PostgreSQL advisory lock that makes appending to the chain one writer at a time.
CHAIN_LOCK = 0x62796764  # "bygd"


def client_ip(request):
    """The client's address: REMOTE_ADDR, or — when that is one of settings.TRUSTED_PROXIES — the nearest
    address in X-Forwarded-For that is not a trusted proxy (entries a client wrote itself lie further left)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _trusted_networks()
    if not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop if _is_ip(hop) else remote
    return remote


def _trusted_networks():
    """settings.TRUSTED_PROXIES as networks: an address (10.0.0.2) or a network (10.0.0.0/24)."""
    return [ipaddress.ip_network(entry, strict=False) for entry in getattr(settings, "TRUSTED_PROXIES", ())]


def _trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def log_action(action, *, actor=None, obj=None, agreement=None, data=None, request=None, using=None):
    """Append one row to the action log. `data` holds before/after values and whatever explains it.
    `using` names the database alias when it is not the routed one (backup/restore --database)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if actor is not None and not actor.is_authenticated:
        actor = None
    if agreement is None and obj is not None:
        agreement = _agreement_of(obj)
    row = ActionLog(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        agreement=agreement,
        data=data or {},
        ip_address=_stored_ip(client_ip(request)),
    )
    return append(row, using)


def append(row, using=None):
    """Append `row` to the hash chain: under a lock (one writer at a time until the transaction ends, so two
    rows never name the same predecessor), read the last row's hash, hash this one over it, insert."""
    alias = using or router.db_for_write(ActionLog)
    with transaction.atomic(using=alias):
        connection = connections[alias]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        # (SQLite: transactions begin IMMEDIATE, settings.py, so the writer already holds the database's lock.)
        row.prev_hash = ActionLog.objects.using(alias).order_by("-pk").values_list("row_hash", flat=True).first() or ""
        row.row_hash = row.chain_hash()
        row.save(using=alias)
    return row


def _stored_ip(address):
    """The address as the database will give it back (IPv6 normalised), so the row's hash stays true."""
    if not address:
        return None
    return ActionLog._meta.get_field("ip_address").get_prep_value(address)


def _agreement_of(obj):
    from bygdevekst.agreements.models import Agreement

    if isinstance(obj, Agreement):
        return obj
    agreement_id = getattr(obj, "agreement_id", None)
    if agreement_id:
        return Agreement(pk=agreement_id)
    return None


def changes(before, after):
    """Before/after pairs of the fields that changed, for the log."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
