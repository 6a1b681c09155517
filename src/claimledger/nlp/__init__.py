"""Article -> spaCy Doc -> records (entities, quotes). No storage code here."""
