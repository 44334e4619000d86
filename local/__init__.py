"""The local stack: a moto server as the AWS stand-in plus an API Gateway emulator."""
