"""An application installed by the test settings only: what the test database needs (the tests' flush)."""
