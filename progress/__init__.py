"""What Parlez remembers: database engine, models, migrations and the services that change them."""
