"""The SQLite store: tables, migrations, the public views, and every SQL statement."""
