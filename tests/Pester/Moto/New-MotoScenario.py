"""Builds the 'web' scenario in a running moto server through real API calls (boto3).

Usage: python3 New-MotoScenario.py http://127.0.0.1:<port>
Prints one JSON object with the IDs and ARNs the tests assert against.

The scenario: a VPC with ALB subnets and target subnets in two AZs; an ALB security group and an
app security group that reference each other; a customer-managed prefix list referenced by the ALB
group; a custom NACL on the target subnets; a public route table for the ALB subnets; two
instances; one internet-facing ALB 'web' with two listeners and a path rule (and an internal ALB
'admin' beside it); an instance target
group and an IP target group with registrations; the ALB's own ENIs (moto does not create them, so
they are created with the description AWS gives them, 'ELB app/<name>/<id>').
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
region = "us-east-1"
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)
ec2 = session.client("ec2", endpoint_url=endpoint)
elb = session.client("elbv2", endpoint_url=endpoint)
acm = session.client("acm", endpoint_url=endpoint)

vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)

def subnet(cidr, az, name):
    s = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
    ec2.create_tags(Resources=[s], Tags=[{"Key": "Name", "Value": name}])
    return s

alb_a = subnet("10.20.1.0/24", "us-east-1a", "alb-a")
alb_b = subnet("10.20.2.0/24", "us-east-1b", "alb-b")
app_a = subnet("10.20.11.0/24", "us-east-1a", "app-a")
app_b = subnet("10.20.12.0/24", "us-east-1b", "app-b")

# Public route table for the ALB subnets; the target subnets keep the main table.
rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
for s in (alb_a, alb_b):
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=s)

# Customer-managed prefix list (office ranges) referenced by the ALB group.
pl = ec2.create_managed_prefix_list(PrefixListName="office", AddressFamily="IPv4", MaxEntries=5,
                                    Entries=[{"Cidr": "203.0.113.0/24", "Description": "office"},
                                             {"Cidr": "198.51.100.0/24", "Description": "vpn"}])["PrefixList"]["PrefixListId"]

alb_sg = ec2.create_security_group(GroupName="web-alb", Description="web alb", VpcId=vpc)["GroupId"]
app_sg = ec2.create_security_group(GroupName="web-app", Description="web app", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}]},
    {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "PrefixListIds": [{"PrefixListId": pl, "Description": "office"}]},
])
ec2.revoke_security_group_egress(GroupId=alb_sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
ec2.authorize_security_group_egress(GroupId=alb_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": app_sg}]},
])
ec2.authorize_security_group_ingress(GroupId=app_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": alb_sg, "Description": "from alb"}]},
])

# Custom NACL on the target subnets: traffic port in, ephemeral ports back out, one deny.
acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
def entry(number, egress, cidr, action, ports=None, protocol="6"):
    kwargs = dict(NetworkAclId=acl, RuleNumber=number, Protocol=protocol, RuleAction=action, Egress=egress, CidrBlock=cidr)
    if ports:
        kwargs["PortRange"] = {"From": ports[0], "To": ports[1]}
    ec2.create_network_acl_entry(**kwargs)
entry(100, False, "10.20.0.0/16", "allow", (8080, 8080))
entry(200, False, "0.0.0.0/0", "deny", (22, 22))
entry(100, True, "10.20.0.0/16", "allow", (1024, 65535))
acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]
for a in acls:
    for assoc in a["Associations"]:
        if assoc["SubnetId"] in (app_a, app_b):
            ec2.replace_network_acl_association(AssociationId=assoc["NetworkAclAssociationId"], NetworkAclId=acl)

image = ec2.describe_images()["Images"][0]["ImageId"]
def instance(sub, name):
    i = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=sub,
                          SecurityGroupIds=[app_sg],
                          TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}])
    return i["Instances"][0]["InstanceId"], i["Instances"][0]["PrivateIpAddress"]
i1, ip1 = instance(app_a, "web-1")
i2, ip2 = instance(app_b, "web-2")
# An ENI standing for an IP target (a container task, say) in the second target subnet.
task_eni = ec2.create_network_interface(SubnetId=app_b, Groups=[app_sg], Description="api task")["NetworkInterface"]
task_ip = task_eni["PrivateIpAddress"]

lb = elb.create_load_balancer(Name="web", Subnets=[alb_a, alb_b], SecurityGroups=[alb_sg], Scheme="internet-facing",
                              Type="application")["LoadBalancers"][0]
lb_arn = lb["LoadBalancerArn"]
lb_suffix = lb_arn.split(":loadbalancer/")[1]
for s in (alb_a, alb_b):
    ec2.create_network_interface(SubnetId=s, Groups=[alb_sg], Description="ELB " + lb_suffix)

tg_web = elb.create_target_group(Name="web-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="instance",
                                 HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
tg_api = elb.create_target_group(Name="api-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip",
                                 HealthCheckPort="8081")["TargetGroups"][0]["TargetGroupArn"]
elb.register_targets(TargetGroupArn=tg_web, Targets=[{"Id": i1}, {"Id": i2}])
elb.register_targets(TargetGroupArn=tg_api, Targets=[{"Id": task_ip, "Port": 8080}])

http = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
                           DefaultActions=[{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])["Listeners"][0]["ListenerArn"]
cert = acm.request_certificate(DomainName="web.example.com")["CertificateArn"]
https = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTPS", Port=443,
                            Certificates=[{"CertificateArn": cert}],
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_web}])["Listeners"][0]["ListenerArn"]
elb.create_rule(ListenerArn=https, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
                Actions=[{"Type": "forward", "TargetGroupArn": tg_api}])
elb.modify_load_balancer_attributes(LoadBalancerArn=lb_arn, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "120"}])

# A second ALB 'admin' in the same VPC and subnets (internal), to test that several ALBs share
# the EC2 calls: one listener forwarding to its own instance target group.
admin = elb.create_load_balancer(Name="admin", Subnets=[alb_a, alb_b], SecurityGroups=[alb_sg], Scheme="internal",
                                 Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
tg_admin = elb.create_target_group(Name="admin-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
elb.register_targets(TargetGroupArn=tg_admin, Targets=[{"Id": i1}])
elb.create_listener(LoadBalancerArn=admin, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_admin}])

json.dump({
    "Region": region, "VpcId": vpc, "LoadBalancerName": "web", "LoadBalancerArn": lb_arn,
    "AlbSubnets": [alb_a, alb_b], "AppSubnets": [app_a, app_b], "RouteTableId": rtb, "NetworkAclId": acl,
    "AlbSecurityGroupId": alb_sg, "AppSecurityGroupId": app_sg, "PrefixListId": pl,
    "InstanceIds": [i1, i2], "InstanceIps": [ip1, ip2], "IpTargets": [task_ip],
    "TargetGroupArns": [tg_web, tg_api], "ListenerArns": [http, https],
    "AdminLoadBalancerArn": admin, "AdminTargetGroupArn": tg_admin,
}, sys.stdout, indent=2)
