"""The assessments JSON API: thin views over assessments.services and assessments.selectors."""
