using System;
using System.IO;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    public partial class SnapshotMapperTests
    {
        private const string LbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/6d27991ddab325c3";
        private const string TgArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-tg/b6533cbe95851e96";
        private const string ApiArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-tg/943f017f100becff";

        private static readonly EnvironmentModel Full = SnapshotMapper.Map(TestFiles.FullSnapshot());

        [Fact]
        public void Load_balancer_properties_come_through()
        {
            var lb = Assert.Single(Full.LoadBalancers!);
            Assert.Equal(("my-alb", LbArn, "internet-facing", "application", "vpc-cf812336cd91f99ee", "active", "ipv4"),
                (lb.Name, lb.Arn, lb.Scheme, lb.Type, lb.VpcId, lb.State, lb.IpAddressType));
            Assert.Equal(new[] { "subnet-ff1324ed86999e24a", "subnet-3283ae696b7d9f89d" }, lb.SubnetIds.ToArray());
            Assert.Equal(new[] { "us-east-1a", "us-east-1b" }, lb.AvailabilityZones.Select(z => z.ZoneName).ToArray());
            Assert.Equal(new[] { "sg-612a6dd9c5fb4c264" }, lb.SecurityGroupIds);
            Assert.Equal(new DateTime(2026, 11, 24, 18, 45, 50, 4, DateTimeKind.Utc), lb.CreatedTime);
            Assert.Equal("app/my-alb/6d27991ddab325c3", lb.ResourceId);
            Assert.Equal("60", lb.Attributes!["idle_timeout.timeout_seconds"]);
            Assert.Equal("defensive", lb.Attributes["routing.http.desync_mitigation_mode"]);
            Assert.True(lb.WebAcl!.IsAssociated);
            Assert.Equal(("edge-acl", "Allow"), (lb.WebAcl.Name, lb.WebAcl.DefaultAction));
            Assert.StartsWith("arn:aws:wafv2:", lb.WebAcl.Arn, StringComparison.Ordinal);
        }

        [Fact]
        public void Listeners_rules_and_actions_come_through_with_rules_in_priority_order()
        {
            var lb = Full.LoadBalancers!.Single();
            var listeners = lb.Listeners!;
            Assert.Equal(new[] { "HTTP:80", "HTTPS:443" }, listeners.Select(l => l.ToString()).ToArray());
            var http = listeners[0];
            var redirect = Assert.Single(http.DefaultActions);
            Assert.Equal(("redirect", "HTTPS", "443", "HTTP_301"), (redirect.Type, redirect.Redirect!.Protocol, redirect.Redirect.Port, redirect.Redirect.StatusCode));
            Assert.Single(http.Rules!);

            var https = listeners[1];
            Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", https.SslPolicy);
            Assert.Single(https.CertificateArns);
            var rules = https.Rules!;
            Assert.Equal(new[] { "5", "10", "20", "default" }, rules.Select(r => r.Priority).ToArray());
            Assert.All(rules, r => Assert.Equal(https.Arn, r.ListenerArn));

            var maintenance = rules[0];
            Assert.Equal(5, maintenance.PriorityNumber);
            Assert.Equal(("http-header", "X-Maintenance", "on"), (maintenance.Conditions[0].Field, maintenance.Conditions[0].HttpHeaderName, maintenance.Conditions[0].Values.Single()));
            Assert.Equal("debug", maintenance.Conditions[1].QueryStrings.Single().Key);
            Assert.Equal(("fixed-response", "503", "text/plain"), (maintenance.Actions[0].Type, maintenance.Actions[0].FixedResponse!.StatusCode, maintenance.Actions[0].FixedResponse!.ContentType));

            var api = rules[1];
            Assert.Equal(new[] { "/api/*" }, api.Conditions.Single().Values);
            var forward = api.Actions.Single();
            Assert.Equal(new[] { TgArn + "=80", ApiArn + "=20" }, forward.TargetGroups.Select(t => t.TargetGroupArn + "=" + t.Weight).ToArray());
            Assert.Equal((true, 3600), (forward.StickinessEnabled, forward.StickinessDurationSeconds));

            var admin = rules[2];
            Assert.Equal(new[] { "authenticate-oidc", "forward" }, admin.Actions.Select(a => a.Type).ToArray());
            Assert.Equal(("oidc", "https://idp.example.com", "authenticate", 604800L), (admin.Actions[0].Authenticate!.Provider, admin.Actions[0].Authenticate!.Issuer, admin.Actions[0].Authenticate!.OnUnauthenticatedRequest, admin.Actions[0].Authenticate!.SessionTimeout));
            Assert.Equal(TgArn, admin.Actions[1].TargetGroupArns.Single());

            var last = rules[3];
            Assert.True(last.IsDefault);
            Assert.Null(last.PriorityNumber);
        }

        [Fact]
        public void Target_groups_carry_health_check_settings_targets_with_reasons_and_attributes()
        {
            var api = Full.FindTargetGroup(ApiArn)!;
            Assert.Equal(("HTTP", "HTTP2", 8080, "ip"), (api.Protocol, api.ProtocolVersion, api.Port, api.TargetType));
            var hc = api.HealthCheck;
            Assert.Equal((true, "HTTP", "8081", "/status", 10, 6, 3, 3, "200-299"),
                (hc.Enabled, hc.Protocol, hc.Port, hc.Path, hc.IntervalSeconds, hc.TimeoutSeconds, hc.HealthyThresholdCount, hc.UnhealthyThresholdCount, hc.MatcherHttpCode));
            var targets = api.Targets!;
            Assert.Equal(new[]
            {
                "10.0.3.50:8080 unhealthy Target.ResponseCodeMismatch Health checks failed with these codes: [404]",
                "10.0.3.77:8080 draining Target.DeregistrationInProgress Target deregistration is in progress",
            }, targets.Select(t => $"{t.Id}:{t.Port} {t.State} {t.Reason} {t.Description}").ToArray());
            Assert.Equal("us-east-1b", targets[0].AvailabilityZone);
            Assert.Equal("30", api.Attributes!["deregistration_delay.timeout_seconds"]);

            var web = Full.FindTargetGroup(TgArn)!;
            Assert.Equal(new[] { "healthy/", "unhealthy/Target.Timeout" }, web.Targets!.Select(t => t.State + "/" + t.Reason).ToArray());
            Assert.Equal(2, Full.TargetGroupsOf(Full.LoadBalancers![0]).Count);
        }

        [Fact]
        public void Security_group_rules_keep_CIDRs_group_pairs_and_prefix_lists()
        {
            var alb = Full.FindSecurityGroup("sg-612a6dd9c5fb4c264")!;
            Assert.Equal(2, alb.Ingress.Count);
            var https = alb.Ingress[0];
            Assert.Equal(("tcp/443", 443, 443), (https.TrafficText, https.FromPort, https.ToPort));
            Assert.Equal("0.0.0.0/0", https.IpRanges.Single().ToString());
            Assert.Equal("::/0", https.Ipv6Ranges.Single().ToString());
            Assert.Equal("pl-63a5400a", alb.Ingress[1].PrefixListIds.Single());
            var egress = alb.Egress.Single();
            Assert.Equal((true, (int?)null, (int?)null, "all traffic"), (egress.Protocol.IsAll, egress.FromPort, egress.ToPort, egress.TrafficText));

            var app = Full.FindSecurityGroup("sg-0a11b22c33d44e55f")!;
            var fromAlb = app.Ingress[0].UserIdGroupPairs.Single();
            Assert.Equal(("sg-612a6dd9c5fb4c264", "123456789012"), (fromAlb.GroupId, fromAlb.UserId));
            Assert.False(fromAlb.IsRemote(app));
            var peered = app.Ingress[1];
            Assert.Equal((8080, 8081), (peered.FromPort, peered.ToPort));
            var pair = peered.UserIdGroupPairs.Single();
            Assert.Equal(("sg-0peer0000000000aa", "210987654321", "vpc-0peer000000000bb", "pcx-0123456789abcdef0"),
                (pair.GroupId, pair.UserId, pair.VpcId, pair.VpcPeeringConnectionId));
            Assert.True(pair.IsRemote(app));
            Assert.Equal("10.0.0.0/16", peered.IpRanges.Single().ToString());
            Assert.Equal(("icmp/8", 8, -1), (app.Ingress[2].TrafficText, app.Ingress[2].FromPort, app.Ingress[2].ToPort));
            Assert.Null(Full.FindSecurityGroup("sg-nope"));
        }

        [Fact]
        public void NACL_entries_are_in_evaluation_order_with_ports_ICMP_and_associations()
        {
            var acl = Full.NetworkAclOfSubnet("subnet-0a1b2c3d4e5f60718")!;
            Assert.Equal("acl-0app5325a453bae7e", acl.NetworkAclId);
            Assert.False(acl.IsDefault);
            Assert.Equal(new[] { "in 90 icmp deny", "in 100 tcp allow", "in 110 tcp allow", "in 32767 all deny", "in 32768 all deny", "out 100 tcp allow", "out 32767 all deny" },
                acl.Entries.OrderBy(e => e.Egress).ThenBy(e => e.RuleNumber)
                    .Select(e => (e.Egress ? "out " : "in ") + e.RuleNumber + " " + e.Protocol + " " + (e.Allow ? "allow" : "deny")).ToArray());
            var inbound = acl.EntriesFor(TrafficDirection.Inbound).ToList();
            var icmp = inbound[0];
            Assert.Equal(("10.0.1.0/24", 8, -1), (icmp.Cidr.ToString(), icmp.IcmpType, icmp.IcmpCode));
            Assert.Null(icmp.PortRange);
            Assert.Equal("8080-8081", inbound.Single(e => e.RuleNumber == 110).PortRange!.ToString());
            Assert.Equal("::/0", inbound.Single(e => e.RuleNumber == 32768).Cidr.ToString());
            Assert.True(inbound.Single(e => e.RuleNumber == 32768).IsDefault);
            Assert.Equal("1024-32767", acl.EntriesFor(TrafficDirection.Outbound).First().PortRange!.ToString());
            Assert.Equal(new[] { "subnet-0a1b2c3d4e5f60718" }, acl.SubnetIds.ToArray());

            var alb = Full.NetworkAclOfSubnet("subnet-ff1324ed86999e24a")!;
            Assert.True(alb.IsDefault);
            Assert.Same(alb, Full.NetworkAclOfSubnet("subnet-3283ae696b7d9f89d"));
        }

        [Fact]
        public void Route_tables_give_targets_states_including_blackhole_and_fall_back_to_main()
        {
            var app = Full.RouteTableOfSubnet("subnet-0a1b2c3d4e5f60718")!;
            Assert.Equal("rtb-0app2222222222222", app.RouteTableId);
            Assert.False(app.IsMain);
            Assert.Equal(new[]
            {
                "10.0.0.0/16 Local local active",
                "0.0.0.0/0 NatGateway nat-0deadbeef00000001 blackhole",
                "pl-63a5400a VpcEndpoint vpce-0fedcba987654321 active",
                "::/0 EgressOnlyInternetGateway eigw-0123456789abcdef0 active",
            }, app.Routes.Select(r => $"{r.DestinationText} {r.TargetKind} {r.TargetId} {r.State}").ToArray());
            Assert.Equal("pl-63a5400a", app.Routes[2].DestinationPrefixListId);
            Assert.True(app.Routes[1].IsBlackhole);

            var main = Full.RouteTableOfSubnet("subnet-ff1324ed86999e24a")!;
            Assert.Equal("rtb-123f6383b89145815", main.RouteTableId);
            Assert.True(main.IsMain);
            Assert.Equal(RouteTargetKind.InternetGateway, main.Routes[1].TargetKind);
        }

        [Fact]
        public void Network_interfaces_include_the_load_balancers_own_and_instances_list_their_addresses()
        {
            var lb = Full.LoadBalancers!.Single();
            var own = Full.NetworkInterfacesOf(lb)!;
            Assert.Equal(new[] { "eni-0alb000000000000a 10.0.1.10 subnet-ff1324ed86999e24a", "eni-0alb000000000000b 10.0.2.10 subnet-3283ae696b7d9f89d" },
                own.Select(n => n.Id + " " + n.PrivateIpAddress + " " + n.SubnetId).ToArray());
            Assert.All(own, n => Assert.Equal(("amazon-elb", "app/my-alb/6d27991ddab325c3", "sg-612a6dd9c5fb4c264"), (n.RequesterId, n.LoadBalancerResourceId, n.SecurityGroupIds.Single())));

            var instanceEni = Full.NetworkInterfaces!.Single(n => n.Id == "eni-b7b565211cab77f8a");
            Assert.Equal(new[] { "10.0.3.4", "10.0.3.5" }, instanceEni.PrivateIpAddresses);
            Assert.Equal("i-8d2c7ca13be2f2301", instanceEni.AttachmentInstanceId);
            Assert.Null(instanceEni.LoadBalancerResourceId);
            Assert.Equal("eni-0api000000000050", Full.NetworkInterfacesWithAddress("10.0.3.50")!.Single().Id);

            var running = Full.FindInstance("i-8d2c7ca13be2f2301")!;
            Assert.Equal(("running", "subnet-0a1b2c3d4e5f60718", "us-east-1b"), (running.State, running.SubnetId, running.AvailabilityZone));
            Assert.Equal(new[] { "10.0.3.4", "10.0.3.5" }, running.PrivateIpAddresses);
            Assert.Equal(new[] { "eni-b7b565211cab77f8a" }, running.NetworkInterfaceIds);
            Assert.Equal(new[] { "sg-0a11b22c33d44e55f" }, running.SecurityGroupIds);
            Assert.Equal("stopped", Full.FindInstance("i-b51fd895600862146")!.State);

            var subnet = Full.FindSubnet("subnet-3283ae696b7d9f89d")!;
            Assert.Equal(("10.0.2.0/24", "us-east-1b", "2600:1f18:1234:5601::/64"), (subnet.CidrBlock, subnet.AvailabilityZone, subnet.Ipv6CidrBlocks.Single()));
            Assert.Equal(new[] { "192.0.2.0/24", "198.51.100.0/24" }, Full.PrefixListEntries("pl-63a5400a")!.Select(e => e.ToString()).ToArray());
            Assert.Null(Full.PrefixListEntries("pl-unknown"));
        }

        [Fact]
        public void Moto_CLI_captures_map_to_real_values()
        {
            var m = SnapshotMapper.Map(TestFiles.MotoSnapshot());
            var lb = m.LoadBalancers!.Single();
            Assert.Equal("my-alb", lb.Name);
            Assert.Equal("false", lb.Attributes!["deletion_protection.enabled"]);
            var listener = lb.Listeners!.Single();
            Assert.Equal(("HTTP", 80), (listener.Protocol, listener.Port));
            Assert.True(listener.Rules!.Single().IsDefault);
            var tg = m.TargetGroups!.Single();
            Assert.Equal(new[] { "i-8d2c7ca13be2f2301:80 healthy", "i-b51fd895600862146:8080 unused Target.InvalidState Target is in the stopped state" },
                tg.Targets!.Select(t => ($"{t.Id}:{t.Port} {t.State} {t.Reason} {t.Description}").TrimEnd()).ToArray());
            Assert.Equal("lb_cookie", tg.Attributes!["stickiness.type"]);
            var sg = m.SecurityGroups!.Single();
            Assert.Equal("tcp/443 0.0.0.0/0", sg.Ingress.Select(r => $"{r.TrafficText} {r.IpRanges.Single()}").Single());
            Assert.Equal(new[] { "in 100 allow", "in 32767 deny", "out 100 allow", "out 32767 deny" },
                m.NetworkAcls!.Single().Entries.OrderBy(e => e.Egress).ThenBy(e => e.RuleNumber)
                    .Select(e => (e.Egress ? "out " : "in ") + e.RuleNumber + " " + (e.Allow ? "allow" : "deny")).ToArray());
            Assert.True(m.RouteTables!.Single().Routes.Single().IsLocal);
            Assert.Equal(2, m.NetworkInterfaces!.Count);
            Assert.Empty(m.NetworkInterfacesOf(lb)!);
            Assert.Null(lb.WebAcl);
            Assert.Null(m.Instances);
        }

        [Fact]
        public void Missing_sections_stay_unknown_and_say_why()
        {
            var d = TestFiles.MotoSnapshot();
            d.RemoveSection(SnapshotOperations.DescribeNetworkAcls);
            d.RemoveSection(SnapshotOperations.DescribeTargetHealth);
            d.RemoveSection(SnapshotOperations.DescribeListeners);
            d.AddError(SnapshotOperations.DescribeNetworkAcls, "UnauthorizedOperation: You are not authorized to perform this operation.");
            var m = SnapshotMapper.Map(d);

            Assert.Null(m.NetworkAcls);
            Assert.Null(m.NetworkAclOfSubnet("subnet-ff1324ed86999e24a"));
            Assert.Null(m.TargetGroups!.Single().Targets);
            Assert.Null(m.LoadBalancers!.Single().Listeners);
            Assert.Null(m.Instances);
            Assert.Null(m.PrefixLists);
            Assert.NotNull(m.SecurityGroups);
            Assert.False(m.HasSection(SnapshotOperations.DescribeNetworkAcls));
            Assert.True(m.HasSection(SnapshotOperations.DescribeSubnets));
            Assert.Equal("DescribeNetworkAcls was not collected: UnauthorizedOperation: You are not authorized to perform this operation.", m.UnknownReason(SnapshotOperations.DescribeNetworkAcls));
            Assert.Equal("the snapshot has no DescribeInstances section", m.UnknownReason(SnapshotOperations.DescribeInstances));
        }

        [Fact]
        public void A_partial_list_section_is_not_complete_and_what_it_lacks_is_unknown()
        {
            var d = TestFiles.FullSnapshot();
            var rules = (AlbTroubleshoot.Json.JsonArray)d.GetSection(SnapshotOperations.DescribeRules)!["Rules"]!;
            // Keep only the rules of the HTTPS listener, as if describe-rules failed for the HTTP one.
            var kept = rules.Cast<AlbTroubleshoot.Json.JsonObject>().Where(r => !r["RuleArn"]!.AsString()!.Contains("/ae6e6eb549cbde64/", StringComparison.Ordinal)).ToList();
            d.SetSection(SnapshotOperations.DescribeRules, new AlbTroubleshoot.Json.JsonObject { { "Rules", new AlbTroubleshoot.Json.JsonArray(kept) } });
            d.AddError(SnapshotOperations.DescribeRules, "ThrottlingException: Rate exceeded");
            var m = SnapshotMapper.Map(d);
            var listeners = m.LoadBalancers!.Single().Listeners!;
            Assert.Null(listeners.Single(l => l.Port == 80).Rules);
            Assert.Equal(4, listeners.Single(l => l.Port == 443).Rules!.Count);
            Assert.True(m.HasSection(SnapshotOperations.DescribeRules));
            Assert.False(m.IsComplete(SnapshotOperations.DescribeRules));
            Assert.True(m.IsComplete(SnapshotOperations.DescribeListeners));
        }

        [Fact]
        public void No_listener_for_a_load_balancer_is_unknown_when_DescribeListeners_failed_and_none_otherwise()
        {
            var d = TestFiles.MotoSnapshot();
            d.SetSection(SnapshotOperations.DescribeListeners, AlbTroubleshoot.Json.JsonValue.Parse("{\"Listeners\":[]}"));
            Assert.Empty(SnapshotMapper.Map(d).LoadBalancers!.Single().Listeners!);
            d.AddError(SnapshotOperations.DescribeListeners, "AccessDenied");
            Assert.Null(SnapshotMapper.Map(d).LoadBalancers!.Single().Listeners);
        }

        [Fact]
        public void Present_but_empty_sections_are_known_and_empty()
        {
            var d = SnapshotDocument.Parse("{\"AlbSnapshotVersion\":1,\"DescribeNetworkAcls\":{\"NetworkAcls\":[]},\"DescribeTargetGroups\":{\"TargetGroups\":[{\"TargetGroupArn\":\"arn:tg\"}]},\"DescribeTargetHealth\":{\"arn:tg\":{\"TargetHealthDescriptions\":[]}},\"GetWebACLForResource\":{}}", "t");
            var m = SnapshotMapper.Map(d);
            Assert.Empty(m.NetworkAcls!);
            Assert.Empty(m.TargetGroups!.Single().Targets!);
            Assert.Null(m.TargetGroups!.Single().Attributes);
            Assert.Null(m.LoadBalancers);
        }

        [Fact]
        public void A_web_ACL_of_null_means_known_not_associated()
        {
            var d = TestFiles.MotoSnapshot();
            d.SetResourceSection(SnapshotOperations.GetWebACLForResource, LbArn, JsonValue.Parse("{\"WebACL\":null}"));
            var acl = SnapshotMapper.Map(d).LoadBalancers!.Single().WebAcl!;
            Assert.False(acl.IsAssociated);
            Assert.Null(acl.Arn);
        }

        [Fact]
        public void AWS_Tools_V5_shape_gives_the_same_model_as_CLI_JSON()
        {
            var cli = TestFiles.FullSnapshot();
            var sdk = SdkShapes.ToSdkV4(cli);
            Assert.Contains("\"Ipv4Ranges\"", sdk.GetSection(SnapshotOperations.DescribeSecurityGroups)!.ToJson(false), StringComparison.Ordinal);
            Assert.Contains("{\"Value\":\"deny\"}", sdk.GetSection(SnapshotOperations.DescribeNetworkAcls)!.ToJson(false), StringComparison.Ordinal);
            Assert.Equal(ModelDump.Of(SnapshotMapper.Map(cli)), ModelDump.Of(SnapshotMapper.Map(sdk)));
        }

        [Fact]
        public void AWS_Tools_V4_shape_gives_the_same_model_as_CLI_JSON()
        {
            var cli = TestFiles.FullSnapshot();
            var sdk = SdkShapes.ToSdkV3(cli);
            Assert.Contains("\"FromPort\":0", sdk.GetSection(SnapshotOperations.DescribeSecurityGroups)!.ToJson(false), StringComparison.Ordinal);
            Assert.Equal(ModelDump.Of(SnapshotMapper.Map(cli)), ModelDump.Of(SnapshotMapper.Map(sdk)));
        }

        [Fact]
        public void An_SDK_shaped_snapshot_written_and_read_back_is_CLI_spelled_and_maps_the_same()
        {
            var cli = TestFiles.FullSnapshot();
            var written = SdkShapes.ToSdkV4(cli).ToJson();
            Assert.DoesNotContain("Ipv4Ranges", written, StringComparison.Ordinal);
            Assert.False(HasEnumObject(JsonValue.Parse(written)), "an SDK enum object was written");
            Assert.Equal(ModelDump.Of(SnapshotMapper.Map(cli)), ModelDump.Of(SnapshotMapper.Map(SnapshotDocument.Parse(written, "w"))));
        }

        [Fact]
        public void A_hand_written_AWS_Tools_V5_security_group_and_NACL_read_like_CLI()
        {
            // What ConvertTo-Json of Get-EC2SecurityGroup / Get-EC2NetworkAcl (SDK v4) looks like.
            var d = SnapshotDocument.Parse(@"{""AlbSnapshotVersion"":1,
              ""DescribeSecurityGroups"":{""SecurityGroups"":[{""Description"":""alb sg"",""GroupId"":""sg-1"",""GroupName"":""alb-sg"",
                ""IpPermissions"":[{""FromPort"":443,""IpProtocol"":""tcp"",""Ipv4Ranges"":[{""CidrIp"":""0.0.0.0/0"",""Description"":""https""}],
                  ""Ipv6Ranges"":null,""PrefixListIds"":[{""Description"":null,""Id"":""pl-1""}],""ToPort"":443,""UserIdGroupPairs"":null}],
                ""IpPermissionsEgress"":[{""FromPort"":null,""IpProtocol"":""-1"",""Ipv4Ranges"":[{""CidrIp"":""0.0.0.0/0"",""Description"":null}],""Ipv6Ranges"":null,""PrefixListIds"":null,""ToPort"":null,""UserIdGroupPairs"":null}],
                ""OwnerId"":""123456789012"",""SecurityGroupArn"":null,""Tags"":null,""VpcId"":""vpc-1""}]},
              ""DescribeNetworkAcls"":{""NetworkAcls"":[{""Associations"":null,""Entries"":[
                  {""CidrBlock"":""0.0.0.0/0"",""Egress"":false,""IcmpTypeCode"":null,""Ipv6CidrBlock"":null,""PortRange"":{""From"":1024,""To"":65535},""Protocol"":""6"",""RuleAction"":{""Value"":""allow""},""RuleNumber"":200},
                  {""CidrBlock"":""0.0.0.0/0"",""Egress"":false,""IcmpTypeCode"":null,""Ipv6CidrBlock"":null,""PortRange"":null,""Protocol"":""-1"",""RuleAction"":{""Value"":""deny""},""RuleNumber"":32767}],
                ""IsDefault"":false,""NetworkAclId"":""acl-1"",""OwnerId"":""123456789012"",""Tags"":null,""VpcId"":""vpc-1""}]}}", "sdk.json");
            var m = SnapshotMapper.Map(d);
            var sg = m.SecurityGroups!.Single();
            Assert.Equal(("0.0.0.0/0", "pl-1"), (sg.Ingress[0].IpRanges.Single().ToString(), sg.Ingress[0].PrefixListIds.Single()));
            Assert.Empty(sg.Ingress[0].UserIdGroupPairs);
            Assert.Null(sg.Egress[0].FromPort);
            var acl = m.NetworkAcls!.Single();
            Assert.Equal(new[] { "rule 200 allow tcp 1024-65535 from 0.0.0.0/0", "rule * deny all traffic from 0.0.0.0/0" }, acl.Entries.Select(e => e.Text).ToArray());
            Assert.Empty(acl.SubnetIds);
        }

        [Theory]
        [InlineData(@"""DescribeSecurityGroups"":{""SecurityGroups"":[{""GroupId"":""sg-1"",""IpPermissions"":[{""IpProtocol"":""tcp"",""FromPort"":80,""ToPort"":80,""IpRanges"":[{""CidrIp"":""10.0.0/24""}]}]},{""GroupId"":""sg-2""}]}",
            "DescribeSecurityGroups sg-1 IpPermissions[0].IpRanges[0].CidrIp: '10.0.0/24' is not a CIDR block (left out of the model: unknown)")]
        [InlineData(@"""DescribeSecurityGroups"":{""SecurityGroups"":[{""GroupId"":""sg-1"",""IpPermissionsEgress"":[{""IpProtocol"":""tcp"",""FromPort"":""eighty"",""ToPort"":80}]},{""GroupId"":""sg-2""}]}",
            "DescribeSecurityGroups sg-1 IpPermissionsEgress[0].FromPort: 'eighty' is not a whole number (left out of the model: unknown)")]
        [InlineData(@"""DescribeSecurityGroups"":{""SecurityGroups"":[{""GroupName"":""no-id""},{""GroupId"":""sg-2""}]}",
            "DescribeSecurityGroups #0 GroupId: a security group has no GroupId (left out of the model: unknown)")]
        [InlineData(@"""DescribeNetworkAcls"":{""NetworkAcls"":[{""NetworkAclId"":""acl-1"",""Entries"":[{""RuleNumber"":90,""Egress"":false,""Protocol"":""6"",""RuleAction"":""drop"",""CidrBlock"":""0.0.0.0/0""}]},{""NetworkAclId"":""acl-2"",""Entries"":[]}]}",
            "DescribeNetworkAcls acl-1 Entries[0].RuleAction: rule 90: RuleAction is 'drop', not allow or deny (left out of the model: unknown)")]
        [InlineData(@"""DescribeNetworkAcls"":{""NetworkAcls"":[{""NetworkAclId"":""acl-1"",""Entries"":[{""RuleNumber"":90,""Egress"":""no"",""Protocol"":""6"",""RuleAction"":""deny"",""CidrBlock"":""0.0.0.0/0""}]},{""NetworkAclId"":""acl-2"",""Entries"":[]}]}",
            "DescribeNetworkAcls acl-1 Entries[0].Egress: 'no' is not true or false (left out of the model: unknown)")]
        [InlineData(@"""GetManagedPrefixListEntries"":{""pl-1"":{""Entries"":[{""Cidr"":""192.0.2.0/24""},{""Cidr"":""not-a-cidr""}]},""pl-2"":{""Entries"":[]}}",
            "GetManagedPrefixListEntries pl-1 Entries[1].Cidr: 'not-a-cidr' is not a CIDR block (left out of the model: unknown)")]
        public void A_rule_the_evaluators_cannot_read_leaves_its_resource_out_as_unknown_and_says_why(string section, string reported)
        {
            var m = SnapshotMapper.Map(SnapshotDocument.Parse(@"{""AlbSnapshotVersion"":1," + section + "}", "bad.json"));
            var u = Assert.Single(m.Unreadable);
            Assert.Equal(reported, u.ToString());
            Assert.True(u.ResourceLeftOut);
            // The other resource of the section is read; the bad one is unknown, never read without its rule.
            if (m.SecurityGroups is not null)
            {
                Assert.Equal("sg-2", Assert.Single(m.SecurityGroups).GroupId);
                Assert.Null(m.FindSecurityGroup("sg-1"));
            }
            if (m.NetworkAcls is not null) Assert.Equal("acl-2", Assert.Single(m.NetworkAcls).NetworkAclId);
            if (m.PrefixLists is not null)
            {
                Assert.Null(m.PrefixListEntries("pl-1"));
                Assert.Empty(m.PrefixListEntries("pl-2")!);
            }
        }

        [Fact]
        public void A_route_that_cannot_be_read_keeps_its_table_so_its_subnets_do_not_fall_back_to_the_main_table_and_lookups_are_unknown()
        {
            var m = SnapshotMapper.Map(SnapshotDocument.Parse(@"{""AlbSnapshotVersion"":1,""DescribeRouteTables"":{""RouteTables"":[
                {""RouteTableId"":""rtb-main"",""VpcId"":""vpc-1"",""Associations"":[{""Main"":true}],""Routes"":[{""DestinationCidrBlock"":""10.0.0.0/16"",""GatewayId"":""local""},{""DestinationCidrBlock"":""0.0.0.0/0"",""GatewayId"":""igw-1""}]},
                {""RouteTableId"":""rtb-1"",""VpcId"":""vpc-1"",""Associations"":[{""SubnetId"":""subnet-1""}],""Routes"":[{""DestinationCidrBlock"":""10.0.0.0/16"",""GatewayId"":""local""},{""GatewayId"":""igw-1""},{""DestinationCidrBlock"":""10.9.0/16"",""GatewayId"":""pcx-1""}]}]}}", "bad.json"));
            var table = m.RouteTableOfSubnet("subnet-1")!;
            Assert.Equal("rtb-1", table.RouteTableId);
            Assert.Equal(new[] { "Routes[1]: a route has no destination", "Routes[2]: '10.9.0/16' is not a CIDR block" }, table.Unreadable);
            Assert.Equal(new[] { "DescribeRouteTables rtb-1 Routes[1]: a route has no destination", "DescribeRouteTables rtb-1 Routes[2].DestinationCidrBlock: '10.9.0/16' is not a CIDR block" },
                m.Unreadable.Select(u => u.ToString()).ToArray());
            var decision = RouteEvaluator.Lookup(table, IpCidr.Parse("10.0.3.4"));
            Assert.Equal(RouteVerdict.Unknown, decision.Verdict);
            Assert.Contains("rtb-1 has routes that could not be read (Routes[1]: a route has no destination; Routes[2]: '10.9.0/16' is not a CIDR block)", decision.Explanation, StringComparison.Ordinal);
            Assert.Equal(RouteVerdict.Routed, RouteEvaluator.Lookup(m.RouteTables!.Single(t => t.IsMain), IpCidr.Parse("10.0.3.4")).Verdict);
        }

        [Fact]
        public void Values_AWS_does_not_define_are_kept_as_given_and_reported_never_read_as_absent()
        {
            var m = SnapshotMapper.Map(SnapshotDocument.Parse(@"{""AlbSnapshotVersion"":1,
              ""DescribeLoadBalancers"":{""LoadBalancers"":[{""LoadBalancerArn"":""arn:lb"",""LoadBalancerName"":""old"",""Type"":""classic"",""State"":{""Code"":""degraded""}}, ""not-an-object""]},
              ""DescribeListeners"":{""Listeners"":[{""ListenerArn"":""arn:l"",""LoadBalancerArn"":""arn:lb"",""Protocol"":""HTTP3"",""Port"":""eighty"",""DefaultActions"":[{""Type"":""forward-all""}]}]},
              ""DescribeTargetGroups"":{""TargetGroups"":[{""TargetGroupArn"":""arn:tg"",""TargetType"":""ip"",""HealthCheckPort"":""health""}]},
              ""DescribeTargetHealth"":{""arn:tg"":{""TargetHealthDescriptions"":[{""Target"":{""Id"":""10.0.0.300"",""Port"":8080},""TargetHealth"":{""State"":""warming""}}]}},
              ""DescribeRouteTables"":{""RouteTables"":[{""RouteTableId"":""rtb-1"",""Routes"":[{""DestinationCidrBlock"":""10.0.0.0/16"",""GatewayId"":""local"",""State"":""pending""}]}]}}", "odd.json"));
            var reported = m.Unreadable.Select(u => u.ToString()).ToList();
            Assert.Contains("DescribeLoadBalancers #1 LoadBalancers[1]: an item that is not an object (left out of the model: unknown)", reported);
            Assert.Contains("DescribeListeners arn:l Protocol: 'HTTP3' is not one of the values AWS defines (HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE, QUIC, TCP_QUIC)", reported);
            Assert.Contains("DescribeListeners arn:l Port: 'eighty' is not a whole number", reported);
            Assert.Contains(reported, r => r.StartsWith("DescribeListeners arn:l DefaultActions[0].Type: 'forward-all' is not one of the values AWS defines", StringComparison.Ordinal));
            Assert.Contains(reported, r => r.StartsWith("DescribeLoadBalancers arn:lb Type: 'classic' is not one of", StringComparison.Ordinal));
            Assert.Contains(reported, r => r.StartsWith("DescribeLoadBalancers arn:lb State.Code: 'degraded' is not one of", StringComparison.Ordinal));
            Assert.Contains("DescribeTargetGroups arn:tg HealthCheckPort: 'health' is neither traffic-port nor a port number", reported);
            Assert.Contains("DescribeTargetHealth arn:tg 10.0.0.300 Target.Id: '10.0.0.300' is not an IP address, and the target group's targets are IP addresses", reported);
            Assert.Contains(reported, r => r.StartsWith("DescribeTargetHealth arn:tg 10.0.0.300 TargetHealth.State: 'warming' is not one of", StringComparison.Ordinal));
            Assert.Contains(reported, r => r.StartsWith("DescribeRouteTables rtb-1 Routes[0].State: 'pending' is not one of the values AWS defines (active, blackhole, filtered)", StringComparison.Ordinal));

            var lb = Assert.Single(m.LoadBalancers!);
            Assert.Equal(("classic", "degraded", false), (lb.Type, lb.State, lb.IsApplicationLoadBalancer));
            Assert.Equal("old is of type 'classic', not an application load balancer; AlbTroubleshoot diagnoses Application Load Balancers only.", lb.NotApplicationReason);
            var listener = lb.Listeners!.Single();
            Assert.Equal(("HTTP3", (int?)null, "forward-all"), (listener.Protocol, listener.Port, listener.DefaultActions.Single().Type));
            var target = m.FindTargetGroup("arn:tg")!.Targets!.Single();
            Assert.Equal(("warming", 8080), (target.State, target.Port));
            Assert.Equal(2, m.UnreadableOf("10.0.0.300").Count);
            Assert.Equal(3, m.UnreadableOf("arn:tg").Count);   // the group's own value and its target's
            // A route in a state AWS does not define is kept with it, and carries no traffic.
            Assert.Equal(RouteVerdict.Inactive, RouteEvaluator.Lookup(m.RouteTables!.Single(), IpCidr.Parse("10.0.1.1")).Verdict);
        }

        [Fact]
        public void A_snapshot_without_Type_is_an_application_load_balancer()
        {
            var lb = SnapshotMapper.Map(SnapshotDocument.Parse(@"{""AlbSnapshotVersion"":1,""DescribeLoadBalancers"":{""LoadBalancers"":[{""LoadBalancerArn"":""arn:lb"",""LoadBalancerName"":""hand-made""}]}}", "t"))
                .LoadBalancers!.Single();
            Assert.Equal((true, (string?)null), (lb.IsApplicationLoadBalancer, lb.NotApplicationReason));
            Assert.True(LoadBalancer.IsApplicationType("application"));
            Assert.False(LoadBalancer.IsApplicationType("gateway"));
            Assert.False(LoadBalancer.IsApplicationType("Application"));   // AWS spells it in lower case; another spelling is not what AWS returns
        }

        public static TheoryData<string> ProjectSnapshots()
        {
            var data = new TheoryData<string>();
            foreach (var f in Directory.GetFiles(RepoPaths.Combine("samples"), "*.json").Concat(Directory.GetFiles(TestFiles.Path("snapshots"), "*.json")).OrderBy(f => f, StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepoPaths.Root, f));
            return data;
        }

        [Theory]
        [MemberData(nameof(ProjectSnapshots))]
        public void The_project_snapshots_hold_no_value_the_model_cannot_read(string file)
        {
            var m = SnapshotMapper.Map(SnapshotDocument.Load(Path.Combine(RepoPaths.Root, file)));
            Assert.Empty(m.Unreadable.Select(u => u.ToString()));
        }

        private static bool HasEnumObject(JsonValue v) => v switch
        {
            JsonObject o => CliSpelling.IsEnumObject(o) || o.Any(p => HasEnumObject(p.Value)),
            JsonArray a => a.Any(HasEnumObject),
            _ => false,
        };

        [Fact]
        public void The_listener_of_a_rule_is_the_prefix_of_its_ARN()
        {
            Assert.Equal("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/6d27991ddab325c3/ae6e6eb549cbde64",
                SnapshotMapper.ListenerArnOfRule("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/6d27991ddab325c3/ae6e6eb549cbde64/139881868592912"));
        }
    }
}
