# Remote state (recommended for anything shared). Create the bucket and lock table once,
# then uncomment, set the names and run `terraform init -migrate-state`:
#
#   aws s3api create-bucket --bucket <acct>-cloudchat-tfstate --region us-east-1
#   aws s3api put-bucket-versioning --bucket <acct>-cloudchat-tfstate \
#     --versioning-configuration Status=Enabled
#   aws dynamodb create-table --table-name cloudchat-tfstate-lock \
#     --attribute-definitions AttributeName=LockID,AttributeType=S \
#     --key-schema AttributeName=LockID,KeyType=HASH --billing-mode PAY_PER_REQUEST
#
# terraform {
#   backend "s3" {
#     bucket         = "<acct>-cloudchat-tfstate"
#     key            = "cloud-chat/prod/terraform.tfstate"
#     region         = "us-east-1"
#     encrypt        = true
#     dynamodb_table = "cloudchat-tfstate-lock" # Terraform >= 1.10 can use `use_lockfile = true` instead
#   }
# }
