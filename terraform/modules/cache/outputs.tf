output "vpc_id" {
  description = "VPC holding the cache."
  value       = aws_vpc.this.id
}

output "lambda_subnet_ids" {
  description = "Private subnets for the VPC-attached Lambdas."
  value       = aws_subnet.private[*].id
}

output "lambda_security_group_id" {
  description = "Security group for the VPC-attached Lambdas (may reach the cache on 6379)."
  value       = aws_security_group.lambda.id
}

output "endpoint" {
  description = "Primary endpoint address."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "Cache port."
  value       = aws_elasticache_replication_group.this.port
}

output "url" {
  description = "rediss:// URL without credentials (REDIS_URL)."
  value       = "rediss://${aws_elasticache_replication_group.this.primary_endpoint_address}:${aws_elasticache_replication_group.this.port}"
}

output "auth_secret_arn" {
  description = "Secrets Manager secret with the AUTH token (REDIS_AUTH_SECRET_ARN)."
  value       = aws_secretsmanager_secret.auth.arn
}

output "nat_gateway_count" {
  description = "NAT gateways created (the main fixed cost of running Redis)."
  value       = local.nat_count
}
