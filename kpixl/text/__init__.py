"""Every word a user reads, in English and Spanish: labels, messages and their texts."""
