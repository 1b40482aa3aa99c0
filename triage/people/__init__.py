"""Who works here: users and roles, logging in with its brake, absences."""
