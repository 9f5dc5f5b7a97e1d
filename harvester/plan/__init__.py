"""What is due and what to fetch, and when the next night is; pure ("now" is passed in)."""
