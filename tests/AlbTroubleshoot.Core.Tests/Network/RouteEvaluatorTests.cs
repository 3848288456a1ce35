using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Network;
using Xunit;

namespace AlbTroubleshoot.Tests.Network
{
    public class RouteEvaluatorTests
    {
        private static Route R(string destination, string target, string? state = null, string? origin = "CreateRoute") =>
            destination.StartsWith("pl-", System.StringComparison.Ordinal)
                ? new Route(null, destination, target, state, origin)
                : new Route(IpCidr.Parse(destination), null, target, state, origin);

        private static readonly RouteTable AlbTable = new RouteTable("rtb-0a1", "vpc-1", new[]
        {
            R("10.0.0.0/16", "local", origin: "CreateRouteTable"),
            R("2600:1f18:aaaa::/56", "local", origin: "CreateRouteTable"),
            R("172.31.0.0/16", "pcx-0b2"),
            R("172.31.9.0/24", "tgw-0c3", "blackhole"),
            R("0.0.0.0/0", "igw-0d4"),
            R("::/0", "eigw-0e5"),
        }, new[] { "subnet-alb-a" });

        private static readonly RouteTable MainTable = new RouteTable("rtb-main", "vpc-1", new[]
        {
            R("10.0.0.0/16", "local", origin: "CreateRouteTable"),
        }, isMain: true);

        [Theory]
        [InlineData("10.0.2.7", "Routed", "Local", "rtb-0a1 route 10.0.0.0/16 → local")]
        [InlineData("172.31.4.4", "Routed", "VpcPeeringConnection", "rtb-0a1 route 172.31.0.0/16 → pcx-0b2")]
        [InlineData("172.31.9.9", "Blackhole", "TransitGateway", "rtb-0a1 route 172.31.9.0/24 → tgw-0c3 (blackhole)")]
        [InlineData("8.8.8.8", "Routed", "InternetGateway", "rtb-0a1 route 0.0.0.0/0 → igw-0d4")]
        [InlineData("2600:1f18:aaaa:1::5", "Routed", "Local", "rtb-0a1 route 2600:1f18:aaaa::/56 → local")]
        [InlineData("2001:db8::1", "Routed", "EgressOnlyInternetGateway", "rtb-0a1 route ::/0 → eigw-0e5")]
        public void Longest_prefix_of_the_same_family_wins(string destination, string verdict, string kind, string rule)
        {
            var d = RouteEvaluator.Lookup(AlbTable, IpCidr.Parse(destination));
            Assert.Equal(verdict, d.Verdict.Text());
            Assert.Equal(kind, d.TargetKind?.Text());
            Assert.Equal(rule, d.Rule);
        }

        [Fact]
        public void A_filtered_route_carries_no_traffic_and_the_decision_names_its_state()
        {
            var alone = new RouteTable("rtb-rs", "vpc-1", new[] { R("10.0.0.0/16", "local", origin: "CreateRouteTable"), R("10.100.0.0/16", "eni-0appl", "filtered", "Advertisement") });
            var d = RouteEvaluator.Lookup(alone, IpCidr.Parse("10.100.1.1"));
            Assert.Equal((RouteVerdict.Inactive, "rtb-rs route 10.100.0.0/16 → eni-0appl (filtered)"), (d.Verdict, d.Rule));
            Assert.Equal("rtb-rs sends 10.100.1.1/32 to 10.100.0.0/16 → eni-0appl, whose state is filtered: only an active route carries traffic, and no other route matches, so the traffic is dropped.", d.Explanation);

            // With a less specific active route, whether it takes over is not documented: Unknown, naming both.
            var withDefault = new RouteTable("rtb-rs", "vpc-1", alone.Routes.Concat(new[] { R("0.0.0.0/0", "igw-1") }));
            var u = RouteEvaluator.Lookup(withDefault, IpCidr.Parse("10.100.1.1"));
            Assert.Equal(RouteVerdict.Unknown, u.Verdict);
            Assert.Contains("whose state is filtered", u.Explanation, System.StringComparison.Ordinal);
            Assert.Contains("the next route (0.0.0.0/0 → igw-1)", u.Explanation, System.StringComparison.Ordinal);
            Assert.Equal(RouteVerdict.Routed, RouteEvaluator.Lookup(withDefault, IpCidr.Parse("10.0.1.1")).Verdict);
        }

        [Fact]
        public void No_route_drops_the_traffic()
        {
            var d = RouteEvaluator.Lookup(MainTable, IpCidr.Parse("192.168.1.1"));
            Assert.Equal(RouteVerdict.NoRoute, d.Verdict);
            Assert.Equal("rtb-main has no route to 192.168.1.1/32: the traffic is dropped.", d.Explanation);
        }

        [Fact]
        public void Subnets_without_an_association_use_the_main_table()
        {
            var tables = new[] { AlbTable, MainTable };
            Assert.Equal("rtb-0a1", RouteEvaluator.TableForSubnet(tables, "subnet-alb-a", "vpc-1")!.RouteTableId);
            Assert.Equal("rtb-main", RouteEvaluator.TableForSubnet(tables, "subnet-target", "vpc-1")!.RouteTableId);
            var d = RouteEvaluator.Reach(tables, "subnet-target", "vpc-1", IpCidr.Parse("172.31.4.4"));
            Assert.Equal(RouteVerdict.NoRoute, d.Verdict);
            var none = RouteEvaluator.Reach(new[] { AlbTable }, "subnet-x", "vpc-1", IpCidr.Parse("10.0.0.1"));
            Assert.Equal(RouteVerdict.Unknown, none.Verdict);
            Assert.Contains("subnet-x", none.Explanation);
        }

        [Fact]
        public void Round_trip_needs_the_route_back_in_the_target_subnet()
        {
            var targetTable = new RouteTable("rtb-t", "vpc-1", new[] { R("10.0.0.0/16", "local", origin: "CreateRouteTable") }, new[] { "subnet-t" });
            var tables = new[] { AlbTable, targetTable };
            var inside = RouteEvaluator.RoundTrip(tables, "vpc-1", "subnet-alb-a", IpCidr.Parse("10.0.1.5"), "subnet-t", IpCidr.Parse("10.0.2.7"));
            Assert.Equal(RouteVerdict.Routed, inside.Verdict);
            Assert.True(inside.Forward.IsLocal);
            Assert.True(inside.Return.IsLocal);

            var outside = RouteEvaluator.RoundTrip(tables, "vpc-1", "subnet-alb-a", IpCidr.Parse("10.0.1.5"), null, IpCidr.Parse("172.31.4.4"));
            Assert.Equal(RouteVerdict.Routed, outside.Forward.Verdict);
            Assert.Equal(RouteVerdict.Unknown, outside.Verdict);

            var blackholed = RouteEvaluator.RoundTrip(tables, "vpc-1", "subnet-alb-a", IpCidr.Parse("10.0.1.5"), null, IpCidr.Parse("172.31.9.9"));
            Assert.Equal(RouteVerdict.Blackhole, blackholed.Verdict);
        }

        [Fact]
        public void Prefix_list_routes_resolve_through_the_lookup_and_lose_ties_to_static_routes()
        {
            var table = new RouteTable("rtb-pl", "vpc-1", new[]
            {
                R("10.0.0.0/16", "local", origin: "CreateRouteTable"),
                R("pl-0abc", "tgw-0c3"),
                R("192.168.0.0/16", "vgw-0f6", origin: "EnableVgwRoutePropagation"),
                R("192.168.1.0/24", "pcx-0b2"),
            });
            var lists = new Dictionary<string, IReadOnlyList<IpCidr>> { ["pl-0abc"] = new[] { IpCidr.Parse("192.168.0.0/16"), IpCidr.Parse("192.168.1.0/24") } };
            IReadOnlyList<IpCidr>? Lookup(string id) => lists.TryGetValue(id, out var c) ? c : null;

            Assert.Equal("tgw-0c3", RouteEvaluator.Lookup(table, IpCidr.Parse("192.168.7.7"), Lookup).TargetId);
            Assert.Equal("pcx-0b2", RouteEvaluator.Lookup(table, IpCidr.Parse("192.168.1.7"), Lookup).TargetId);

            var unknown = RouteEvaluator.Lookup(table, IpCidr.Parse("192.168.7.7"));
            Assert.Equal(RouteVerdict.Unknown, unknown.Verdict);
            Assert.Contains("pl-0abc", unknown.Explanation);
        }

        [Fact]
        public void A_block_split_between_routes_is_unknown()
        {
            var d = RouteEvaluator.Lookup(AlbTable, IpCidr.Parse("172.31.0.0/16"));
            Assert.Equal(RouteVerdict.Unknown, d.Verdict);
            Assert.Contains("172.31.9.0/24 → tgw-0c3", d.Explanation);
        }

        [Theory]
        [InlineData("local", "Local")]
        [InlineData("igw-1", "InternetGateway")]
        [InlineData("nat-1", "NatGateway")]
        [InlineData("pcx-1", "VpcPeeringConnection")]
        [InlineData("tgw-1", "TransitGateway")]
        [InlineData("vgw-1", "VirtualPrivateGateway")]
        [InlineData("eni-1", "NetworkInterface")]
        [InlineData("i-1", "Instance")]
        [InlineData("vpce-1", "VpcEndpoint")]
        public void Target_kinds_come_from_the_id_prefix(string id, string kind)
        {
            Assert.Equal(kind, Route.KindOf(id).Text());
        }

        [Fact]
        public void FromAws_takes_the_first_destination_and_target_given()
        {
            var r = Route.FromAws(null, "2001:db8::/32", null, "blackhole", "CreateRoute", null, "", "nat-0a");
            Assert.Equal("2001:db8::/32", r.DestinationText);
            Assert.Equal("nat-0a", r.TargetId);
            Assert.True(r.IsBlackhole);
        }
    }
}
