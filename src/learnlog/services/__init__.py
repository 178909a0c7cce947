"""Use cases, one module per concept; each takes the moment or the day it works on."""
