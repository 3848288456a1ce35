using System;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Catalog;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Get-AlbErrorCause: the documented causes of ALB status codes.</summary>
    [Cmdlet(VerbsCommon.Get, "AlbErrorCause")]
    [OutputType(typeof(ErrorCause))]
    public sealed class GetAlbErrorCauseCommand : PSCmdlet
    {
        internal const string UnknownStatusCodeErrorId = "UnknownStatusCode";

        /// <summary>Codes (502) or classes (4XX, 5XX).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ElbStatusCode")]
        [ArgumentCompleter(typeof(StatusCodeCompleter))]
        public StatusCodeFilter[] StatusCode { get; set; } = Array.Empty<StatusCodeFilter>();

        protected override void ProcessRecord()
        {
            var filters = StatusCode.Length > 0 ? StatusCode : new[] { new StatusCodeFilter("4XX"), new StatusCodeFilter("5XX") };
            foreach (var filter in filters)
            {
                if (filter.Class.HasValue)
                {
                    foreach (var entry in CauseCatalog.ForClass(filter.Class.Value))
                        WriteObject(new ErrorCause(entry, entry.StatusCode, CauseVerdict.NotEvaluated, null, null));
                    continue;
                }

                var code = filter.Code!.Value;
                var causes = CauseCatalog.ForCode(code).ToList();
                if (causes.Count == 0)
                {
                    WriteError(UnknownCode(code));
                    continue;
                }
                foreach (var entry in causes)
                    WriteObject(new ErrorCause(entry, code, CauseVerdict.NotEvaluated, null, null));
            }
        }

        private static ErrorRecord UnknownCode(int code)
        {
            var known = string.Join(", ", CauseCatalog.LoadBalancerCodes.Select(c => c.ToString("000", System.Globalization.CultureInfo.InvariantCulture)));
            var message = $"Status code {code} is not one an Application Load Balancer or its targets return as an error. " +
                          $"The load balancer itself generates {known}; any other 4XX or 5XX code comes from the target.";
            return new ErrorRecord(new ArgumentException(message), UnknownStatusCodeErrorId, ErrorCategory.InvalidArgument, code);
        }
    }
}
