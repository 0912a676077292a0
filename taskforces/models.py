"""Part 7 models (greenhouse taskforces, industry greenhouse plans) arrive with their issue."""
