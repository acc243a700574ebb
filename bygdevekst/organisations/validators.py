from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_number_is_valid(value):
    """Brønnøysund organisation numbers: nine digits, the last a modulus-11 check digit."""
    digits = value.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:8], _WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[8])


def validate_org_number(value):
    if value and not org_number_is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (nine digits with a valid check digit)."),
            params={"value": value},
            code="invalid_org_number",
        )
