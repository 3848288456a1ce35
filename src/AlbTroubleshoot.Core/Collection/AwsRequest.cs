using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// One read-only AWS API call, described neutrally (API operation and API parameter names), so
    /// that the collector decides WHAT to call once and each back end (AWS Tools cmdlets, aws CLI)
    /// only decides HOW.
    /// </summary>
    internal sealed class AwsRequest
    {
        private readonly List<KeyValuePair<string, string[]>> _parameters = new List<KeyValuePair<string, string[]>>();
        private readonly List<KeyValuePair<string, string[]>> _filters = new List<KeyValuePair<string, string[]>>();

        public AwsRequest(string operation)
        {
            Operation = operation ?? throw new ArgumentNullException(nameof(operation));
        }

        /// <summary>The API operation, e.g. "DescribeRules"; also the snapshot section it fills.</summary>
        public string Operation { get; }

        /// <summary>API parameters by their API name ("ListenerArn", "Names"), each with one or more values.</summary>
        public IReadOnlyList<KeyValuePair<string, string[]>> Parameters => _parameters;

        /// <summary>EC2 filters (API "Filters"): name → values (values of one name are ORed, names ANDed).</summary>
        public IReadOnlyList<KeyValuePair<string, string[]>> Filters => _filters;

        public AwsRequest With(string name, params string[] values)
        {
            _parameters.Add(new KeyValuePair<string, string[]>(name, values));
            return this;
        }

        public AwsRequest Filter(string name, IEnumerable<string> values)
        {
            _filters.Add(new KeyValuePair<string, string[]>(name, values.ToArray()));
            return this;
        }

        /// <summary>For messages: "DescribeRules (ListenerArn=arn:…)".</summary>
        public override string ToString()
        {
            var parts = _parameters.Select(p => p.Key + "=" + string.Join(",", p.Value))
                .Concat(_filters.Select(f => "filter " + f.Key + "=" + string.Join(",", f.Value)));
            var text = string.Join("; ", parts);
            return text.Length == 0 ? Operation : Operation + " (" + text + ")";
        }
    }
}
