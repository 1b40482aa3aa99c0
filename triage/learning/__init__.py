"""The question-type classifier as the office uses it: loading the promoted model, training
from officers' labels."""
