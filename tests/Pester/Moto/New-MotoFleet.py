"""Builds fleets in a running moto server through real API calls (boto3), for -All tests and the bench.

Usage: python3 New-MotoFleet.py http://127.0.0.1:<port> <region>:<albs>:<vpcs>[:<broken-vpcs>] ...
Prints one JSON object with a property per Region: the ALB names (sorted), the VPC IDs, the network
load balancer's name, and the names of the ALBs in broken VPCs.

Each VPC: two ALB subnets and one target subnet in two AZs, an ALB security group (80 from anywhere,
egress 8080 to the app group) and an app group (8080 from the ALB group), one instance. ALB i lives
in VPC i mod <vpcs>, with one HTTP listener forwarding to its own instance target group (the VPC's
instance registered). In the first <broken-vpcs> VPCs the app group admits only SSH, so their
targets are unreachable. One network load balancer sits in the first VPC (it must be skipped).
"""
import json
import sys

import boto3


def build(endpoint, region, albs, vpcs, broken):
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)
    ec2 = session.client("ec2", endpoint_url=endpoint)
    elb = session.client("elbv2", endpoint_url=endpoint)
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]

    networks = []
    for v in range(vpcs):
        vpc = ec2.create_vpc(CidrBlock=f"10.{100 + v}.0.0/16")["Vpc"]["VpcId"]
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{100 + v}.{s + 1}.0/24", AvailabilityZone=f"{region}{'ab'[s]}")["Subnet"]["SubnetId"]
                   for s in range(2)]
        app_subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{100 + v}.11.0/24", AvailabilityZone=f"{region}a")["Subnet"]["SubnetId"]
        rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
        for s in subnets:
            ec2.associate_route_table(RouteTableId=rtb, SubnetId=s)
        alb_sg = ec2.create_security_group(GroupName=f"alb-{v}", Description="alb", VpcId=vpc)["GroupId"]
        app_sg = ec2.create_security_group(GroupName=f"app-{v}", Description="app", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        ec2.revoke_security_group_egress(GroupId=alb_sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        ec2.authorize_security_group_egress(GroupId=alb_sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": app_sg}]}])
        if v < broken:
            ec2.authorize_security_group_ingress(GroupId=app_sg, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}])
        else:
            ec2.authorize_security_group_ingress(GroupId=app_sg, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": alb_sg}]}])
        instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=app_subnet,
                                     SecurityGroupIds=[app_sg])["Instances"][0]["InstanceId"]
        networks.append({"vpc": vpc, "subnets": subnets, "alb_sg": alb_sg, "instance": instance})

    names = []
    for i in range(albs):
        n = networks[i % vpcs]
        name = f"fleet-{i:03d}"
        lb = elb.create_load_balancer(Name=name, Subnets=n["subnets"], SecurityGroups=[n["alb_sg"]], Scheme="internet-facing",
                                      Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        tg = elb.create_target_group(Name=f"{name}-tg", Protocol="HTTP", Port=8080, VpcId=n["vpc"], TargetType="instance",
                                     HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
        elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": n["instance"], "Port": 8080}])
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        names.append(name)

    elb.create_load_balancer(Name="fleet-nlb", Subnets=networks[0]["subnets"], Scheme="internal", Type="network")

    return {
        "Region": region,
        "Names": sorted(names),
        "VpcIds": [n["vpc"] for n in networks],
        "NetworkLoadBalancer": "fleet-nlb",
        "Broken": sorted(names[i] for i in range(albs) if i % vpcs < broken),
    }


endpoint = sys.argv[1]
result = {}
for spec in sys.argv[2:]:
    parts = spec.split(":")
    region, albs, vpcs = parts[0], int(parts[1]), int(parts[2])
    result[region] = build(endpoint, region, albs, vpcs, int(parts[3]) if len(parts) > 3 else 0)
print(json.dumps(result))
