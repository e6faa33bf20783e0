"""Operations on the store. Only these modules touch the database; they return records."""
