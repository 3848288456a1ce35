using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Reachability;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Test-AlbNaclEphemeral: whether network ACLs let a port range (the ephemeral range 1024-65535
    /// by default) through for a whole peer block, and which rules block which sub-ranges.
    /// Standalone mode: piped NACL objects with -PeerCidr. Load-balancer mode (a live load balancer
    /// through the docs/public-surface.md §2 parameters, or a snapshot): every NACL on the ALB↔target and
    /// client↔ALB paths, with the peers and ports each needs (<see cref="NaclEphemeralAnalyzer"/>).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "AlbNaclEphemeral", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(NaclEphemeralResult))]
    public sealed class TestAlbNaclEphemeralCommand : AwsStateCmdlet
    {
        internal const string NetworkAclSet = "NetworkAcl";

        private readonly List<IpCidr> _peers = new List<IpCidr>();
        private int _aclsRead;
        private PortRange _ports;

        /// <summary>NACLs: Get-EC2NetworkAcl output, or the JSON of aws ec2 describe-network-acls (whole or one NACL).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = NetworkAclSet)]
        [Alias("NetworkAcl")]
        public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

        /// <summary>The peer blocks to check, IPv4 or IPv6.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NetworkAclSet)]
        [ValidateNotNullOrEmpty]
        public string[] PeerCidr { get; set; } = Array.Empty<string>();

        /// <summary>Which direction(s) to check; both by default.</summary>
        [Parameter(ParameterSetName = NetworkAclSet)]
        [ValidateSet("Inbound", "Outbound")]
        public string[] Direction { get; set; } = { "Inbound", "Outbound" };

        /// <summary>The destination port range, 1024-65535 by default.</summary>
        [Parameter(ParameterSetName = NetworkAclSet)]
        [ValidateNotNullOrEmpty]
        public string PortRange { get; set; } = Network.PortRange.Ephemeral.ToString();

        protected override void BeginProcessing()
        {
            if (ParameterSetName != NetworkAclSet) return;
            foreach (var text in PeerCidr)
            {
                if (!IpCidr.TryParse(text, out var cidr))
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-PeerCidr '{text}' is not an IPv4 or IPv6 CIDR block (such as 10.0.0.0/16, 0.0.0.0/0 or ::/0)."),
                        ErrorIds.InvalidPeerCidr, ErrorCategory.InvalidArgument, text));
                }
                _peers.Add(cidr!);
            }
            if (!Network.PortRange.TryParse(PortRange, out _ports))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-PortRange '{PortRange}' is not a port range: write 1024-65535 or one port such as 443."),
                    ErrorIds.InvalidPortRange, ErrorCategory.InvalidArgument, PortRange));
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != NetworkAclSet)
            {
                base.ProcessRecord();
                return;
            }
            foreach (var input in InputObject)
            {
                foreach (var item in NetworkAclObjectReader.Unwrap(input))
                {
                    NetworkAcl acl;
                    _aclsRead++;
                    try
                    {
                        acl = NetworkAclObjectReader.Read(item);
                    }
                    catch (FormatException ex)
                    {
                        WriteError(new ErrorRecord(new ArgumentException(ex.Message, ex), ErrorIds.InvalidNetworkAcl, ErrorCategory.InvalidData, item));
                        continue;
                    }
                    catch (Json.ObjectWalkException ex)
                    {
                        WriteError(new ErrorRecord(new ArgumentException("The piped object is not a network ACL's data. " + ex.Message, ex), ex.ErrorId, ErrorCategory.InvalidData, item));
                        continue;
                    }
                    var subnets = string.Join(",", acl.SubnetIds);
                    foreach (var direction in Direction.Select(d => (TrafficDirection)Enum.Parse(typeof(TrafficDirection), d, true)).Distinct())
                    {
                        foreach (var peer in _peers)
                        {
                            var range = NetworkAclEvaluator.EvaluateRange(acl, direction, IpProtocol.Tcp, peer, _ports);
                            WriteObject(NaclEphemeralResult.FromRange(range, subnets, NaclRole.Standalone));
                        }
                    }
                }
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != NetworkAclSet)
            {
                base.EndProcessing();
                return;
            }
            if (_aclsRead == 0)
                WriteWarning("The input held no network ACL (an empty NetworkAcls list?), so nothing was checked. Pipe Get-EC2NetworkAcl output or the JSON of 'aws ec2 describe-network-acls'.");
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot)
        {
            var model = snapshot.Model;
            foreach (var loadBalancer in SelectLoadBalancers(snapshot))
                WriteObject(NaclEphemeralAnalyzer.Analyze(model, loadBalancer), enumerateCollection: true);
        }
    }
}
