"""Open data: public downloads of the partnership's records and results, and the
officers' import of historical indicator values in the same format."""
