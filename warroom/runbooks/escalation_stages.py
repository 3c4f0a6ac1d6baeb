"""An escalation matrix whose columns are its stages, read across each row."""

# The reason given for a table read stage by stage: no other reader reads its cells again.
STAGES_READ = "who each stage of the escalation brings in"
