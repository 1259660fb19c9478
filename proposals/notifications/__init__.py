"""In-app notifications: the bell in the header and the page listing a user's notifications."""
