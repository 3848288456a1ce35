#!/usr/bin/env bash
# Builds an AlbTroubleshoot snapshot (format version 1) for one ALB with the AWS CLI only.
# Usage: ./alb-snapshot.sh <load-balancer-name> [region] > snapshot.json
# Needs only the AWS CLI (v1 or v2). See docs/snapshot-format.md.
# Extra CLI options (e.g. --profile p, --endpoint-url u) can be given in AWS_OPTS.
set -uo pipefail
name=${1:?usage: $0 <load-balancer-name> [region]}
region=${2:-${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region)}}}
# Values are glued to their option (--names=...) so none can become an option of its own.
[[ $name =~ ^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$ ]] || { echo "error: '$name' is not a load balancer name" >&2; exit 2; }
[[ $region =~ ^[a-z0-9-]+$ ]] || { echo "error: '$region' is not a Region" >&2; exit 2; }
errors=()

errfile=$(mktemp); trap 'rm -f "$errfile"' EXIT
# call OPERATION aws-arguments... : sets REPLY to the CLI's JSON and returns 0; on failure records
# the reason under Errors, sets REPLY to "" and returns 1 (so the section stays unknown).
call() {
  local op=$1; shift
  # An empty response (e.g. no web ACL associated) prints nothing: it is the empty object.
  if REPLY=$(aws ${AWS_OPTS:-} --region="$region" --output json "$@" 2>"$errfile"); then REPLY=${REPLY:-"{}"}; return 0; fi
  local err; err=$(tr '\r\n\t' '   ' <"$errfile" | sed 's/\\/\\\\/g; s/"/\\"/g; s/  */ /g; s/^ //; s/ $//')
  errors+=("\"$op\": \"$err\""); echo "warning: $op failed: $err" >&2
  REPLY=""; return 1
}
# aws_text aws-arguments... : a --query result, one word a line ("None" means nothing).
aws_text() { aws ${AWS_OPTS:-} --region="$region" --output text "$@" 2>/dev/null | tr '\t' '\n' | grep -v '^None$' || true; }
# items JSON-array-text : the array's items without the brackets ("" for an empty array).
items() { local a; a=$(printf '%s' "$1" | sed -e '1s/^[[:space:]]*\[//' -e '$s/\][[:space:]]*$//'); [[ -z "${a//[[:space:]]/}" ]] || printf '%s' "$a"; }
join() { local IFS=,; printf '%s' "$*"; }
# section NAME JSON : one "NAME": JSON line, or nothing when the call failed (the section stays unknown).
section() { [[ -n "$2" ]] && printf ',\n"%s": %s' "$1" "$2"; }

call DescribeLoadBalancers elbv2 describe-load-balancers --names="$name" || exit 1
lbs=$REPLY
lb_arn=$(aws_text elbv2 describe-load-balancers --names="$name" --query 'LoadBalancers[0].LoadBalancerArn')
vpc=$(aws_text elbv2 describe-load-balancers --names="$name" --query 'LoadBalancers[0].VpcId')
lb_id=${lb_arn#*:loadbalancer/}                      # app/<name>/<id>

call DescribeListeners elbv2 describe-listeners --load-balancer-arn="$lb_arn"; listeners=$REPLY
# DescribeRules holds the rules of every listener in one list; one failed call makes it unknown.
rules=(); rules_ok=${listeners:+yes}
for l in $(aws_text elbv2 describe-listeners --load-balancer-arn="$lb_arn" --query 'Listeners[].ListenerArn'); do
  if call DescribeRules elbv2 describe-rules --listener-arn="$l" --query Rules; then
    r=$(items "$REPLY"); [[ -n "$r" ]] && rules+=("$r")
  else rules_ok=""; fi
done

call DescribeTargetGroups elbv2 describe-target-groups --load-balancer-arn="$lb_arn"; tgs=$REPLY
health=(); tg_attributes=(); instance_ids=(); target_ips=()
for tg in $(aws_text elbv2 describe-target-groups --load-balancer-arn="$lb_arn" --query 'TargetGroups[].TargetGroupArn'); do
  call DescribeTargetHealth elbv2 describe-target-health --target-group-arn="$tg" && health+=("\"$tg\": $REPLY")
  call DescribeTargetGroupAttributes elbv2 describe-target-group-attributes --target-group-arn="$tg" && tg_attributes+=("\"$tg\": $REPLY")
  for id in $(aws_text elbv2 describe-target-health --target-group-arn="$tg" --query 'TargetHealthDescriptions[].Target.Id'); do
    if [[ $id =~ ^i-[0-9a-f]+$ ]]; then instance_ids+=("$id"); elif [[ $id =~ ^[0-9a-fA-F.:]+$ ]]; then target_ips+=("$id"); fi
  done
done
lb_attributes=(); call DescribeLoadBalancerAttributes elbv2 describe-load-balancer-attributes --load-balancer-arn="$lb_arn" && lb_attributes+=("\"$lb_arn\": $REPLY")

vpc_filter="Name=vpc-id,Values=$vpc"
call DescribeSecurityGroups ec2 describe-security-groups --filters "$vpc_filter"; sgs=$REPLY
call DescribeNetworkAcls ec2 describe-network-acls --filters "$vpc_filter"; nacls=$REPLY
call DescribeSubnets ec2 describe-subnets --filters "$vpc_filter"; subnets=$REPLY
call DescribeRouteTables ec2 describe-route-tables --filters "$vpc_filter"; routes=$REPLY

# Network interfaces: the ALB's own ("ELB app/<name>/<id>"), then those of its IP and instance targets.
enis=(); enis_ok=yes
eni_call() {
  if call DescribeNetworkInterfaces ec2 describe-network-interfaces --filters "$1" --query NetworkInterfaces; then
    local e; e=$(items "$REPLY"); [[ -n "$e" ]] && enis+=("$e")
  else enis_ok=""; fi
}
eni_call "Name=description,Values=ELB $lb_id"
(( ${#target_ips[@]} )) && eni_call "Name=addresses.private-ip-address,Values=$(join $(printf '%s\n' "${target_ips[@]}" | sort -u))"
instances='{ "Reservations": [] }'
if (( ${#instance_ids[@]} )); then
  ids=$(printf '%s\n' "${instance_ids[@]}" | sort -u)
  eni_call "Name=attachment.instance-id,Values=$(join $ids)"
  call DescribeInstances ec2 describe-instances --instance-ids $ids; instances=$REPLY
fi

# Managed prefix lists referenced by the security groups and the route tables.
prefix_entries=()
for pl in $( { aws_text ec2 describe-security-groups --filters "$vpc_filter" --query 'SecurityGroups[].[IpPermissions[].PrefixListIds[].PrefixListId, IpPermissionsEgress[].PrefixListIds[].PrefixListId][][]'
               aws_text ec2 describe-route-tables --filters "$vpc_filter" --query 'RouteTables[].Routes[].DestinationPrefixListId'; } | sort -u); do
  call GetManagedPrefixListEntries ec2 get-managed-prefix-list-entries --prefix-list-id="$pl" && prefix_entries+=("\"$pl\": $REPLY")
done
waf=(); call GetWebACLForResource wafv2 get-web-acl-for-resource --resource-arn="$lb_arn" && waf+=("\"$lb_arn\": $REPLY")

printf '{\n"AlbSnapshotVersion": 1,\n"CollectedAt": "%s",\n"Region": "%s"' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$region"
section DescribeLoadBalancers "$lbs"
section DescribeListeners "$listeners"
section DescribeRules "${rules_ok:+{ \"Rules\": [$(join "${rules[@]}")] \}}"
section DescribeTargetGroups "$tgs"
section DescribeTargetHealth "{ $(join "${health[@]}") }"
section DescribeLoadBalancerAttributes "{ $(join "${lb_attributes[@]}") }"
section DescribeTargetGroupAttributes "{ $(join "${tg_attributes[@]}") }"
section DescribeSecurityGroups "$sgs"
section DescribeNetworkAcls "$nacls"
section DescribeSubnets "$subnets"
section DescribeRouteTables "$routes"
section DescribeNetworkInterfaces "${enis_ok:+{ \"NetworkInterfaces\": [$(join "${enis[@]}")] \}}"
section DescribeInstances "$instances"
section GetManagedPrefixListEntries "{ $(join "${prefix_entries[@]}") }"
section GetWebACLForResource "{ $(join "${waf[@]}") }"
printf ',\n"Errors": { %s }\n}\n' "$(join "${errors[@]}")"
