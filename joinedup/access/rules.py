# Loaded by rules' autodiscovery: importing the policy registers every permission.
from . import policy  # noqa: F401
