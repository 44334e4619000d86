"""Rate limiting: policies as data (``policy``), one atomic check per hit on Redis (``redis_backend``)
or DynamoDB (``dynamodb_backend``), failing open (``limiter``), and what each operation counts (``limits``)."""
