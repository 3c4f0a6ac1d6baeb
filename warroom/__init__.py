"""warroom: a terminal war-room console for running a production incident."""

__version__ = "0.1.0"
