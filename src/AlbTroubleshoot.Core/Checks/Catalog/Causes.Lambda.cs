using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using static AlbTroubleshoot.Catalog.References;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>Lambda function targets.</summary>
    internal static class LambdaCauses
    {
        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(400, "400.WebSocketToLambda",
                title: "A WebSocket upgrade request was routed to a Lambda target",
                side: CauseSide.Lambda,
                description: "Lambda targets do not support WebSockets, so the load balancer rejects an upgrade request routed to a Lambda target group with 400.",
                check: "In the access log the entry has elb_status_code 400 and error_reason LambdaWebsocketNotSupported, and the matched rule forwards to a target group whose TargetType is `lambda`; LambdaUserError rises. The client sent `Upgrade: websocket`.",
                remediation: "Send WebSocket paths to an instance or ip target group with a listener rule evaluated before the Lambda rule, or use a service that supports WebSockets with Lambda, such as API Gateway WebSocket APIs.",
                reference: LambdaTargets,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Lambda(c, "WebSocket upgrades are not supported for Lambda targets: an Upgrade request routed to them gets 400.")),
            new CauseDefinition(413, "413.LambdaRequestTooLarge",
                title: "The request body for a Lambda target is larger than 1 MB",
                side: CauseSide.Lambda,
                description: "The load balancer passes at most 1 MB of request body to a Lambda function; a larger body is rejected with 413.",
                check: "The access log has elb_status_code 413, error_reason LambdaRequestTooLarge and target:port '-', with received_bytes above about 1 MB; LambdaUserError rises.",
                remediation: "Keep request bodies sent to Lambda under 1 MB: upload large payloads straight to Amazon S3 (for example with a presigned URL) and pass a reference, or route those paths to an instance or ip target group.",
                reference: LambdaTargets,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c, "A Lambda target accepts request bodies up to 1 MB; larger requests get 413.")),
            new CauseDefinition(502, "502.LambdaResponseTooLarge",
                title: "The Lambda function's response is larger than 1 MB",
                side: CauseSide.Lambda,
                description: "The JSON the Lambda function returned is larger than 1 MB, the most the load balancer accepts from a Lambda target.",
                check: "The access log has error_reason LambdaResponseTooLarge and LambdaUserError rises. Measure the function's response payload; Base64 encoding of binary bodies adds about a third to their size.",
                remediation: "Keep responses under 1 MB: paginate, compress, or return a redirect or presigned Amazon S3 URL for large content.",
                reference: LambdaTargets,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c, "A Lambda function's response JSON may be at most 1 MB; a larger one gets 502.")),
            new CauseDefinition(502, "502.LambdaFunctionTimeout",
                title: "The Lambda function did not respond before its configured timeout",
                side: CauseSide.Lambda,
                description: "The load balancer waits until the function returns or reaches its own timeout. A function that runs out of time leaves the request without a response, and the client gets 502.",
                check: "The function's CloudWatch Logs show 'Task timed out after N seconds' at the time of the 502s, and its Duration metric reaches the Timeout shown by `aws lambda get-function-configuration`. The access log error_reason is then likely LambdaUnhandled.",
                remediation: "Raise the function's timeout to cover its expected run time, or make the function faster (downstream timeouts, cold starts, memory size).",
                reference: LambdaPrepare,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaFunctionError",
                title: "The Lambda function failed with an unhandled error",
                side: CauseSide.Lambda,
                description: "The function threw an exception or crashed (for example out of memory), so there was no response to pass to the client.",
                check: "The access log has error_reason LambdaUnhandled and LambdaUserError rises; the function's Errors metric and its CloudWatch Logs show the exception at the same time.",
                remediation: "Fix the error in the function code. Catch errors and return a proper response object (with statusCode 500 if needed) instead of letting the invocation fail.",
                reference: Http502,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaThrottling",
                title: "Lambda throttled the function",
                side: CauseSide.Lambda,
                description: "Lambda refused the invocation because the function had reached its concurrency limit (its reserved concurrency or the account's limit in the Region).",
                check: "The access log has error_reason LambdaThrottling and the function's Throttles metric has data points. Compare ConcurrentExecutions with the reserved concurrency (`aws lambda get-function-concurrency`) and the account limit (`aws lambda get-account-settings`).",
                remediation: "Raise or remove the function's reserved concurrency, request a higher concurrency quota for the account, or shorten the function's run time per request.",
                reference: Http502,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaAccessDenied",
                title: "The load balancer is not allowed to invoke the Lambda function",
                side: CauseSide.Lambda,
                description: "The function's resource-based policy does not grant lambda:InvokeFunction to elasticloadbalancing.amazonaws.com. The console adds this permission, but registrations made with the CLI or infrastructure-as-code must add it themselves.",
                check: "The access log has error_reason LambdaAccessDenied and LambdaUserError rises. `aws lambda get-policy --function-name <registered ARN>` has no statement with principal elasticloadbalancing.amazonaws.com, action lambda:InvokeFunction and the target group ARN as source ARN. The permission must exist for the exact ARN registered (function, version or alias).",
                remediation: "Add it: `aws lambda add-permission --function-name <registered ARN> --statement-id elb --principal elasticloadbalancing.amazonaws.com --action lambda:InvokeFunction --source-arn <target group ARN>`.",
                reference: LambdaPrepare,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaBadRequest",
                title: "The request's headers or body are not valid UTF-8",
                side: CauseSide.Lambda,
                description: "Lambda refused the invocation because the client's request headers or body did not contain only UTF-8 characters.",
                check: "The access log has error_reason LambdaBadRequest. Look for non-UTF-8 bytes in headers, or binary bodies sent with a text content type (text/*, application/json, application/javascript, application/xml) and no Content-Encoding: the load balancer passes those bodies as text instead of Base64-encoding them.",
                remediation: "Make clients send UTF-8 headers, and send binary bodies with a binary content type or a Content-Encoding header so the load balancer Base64-encodes them.",
                reference: LambdaEvents,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaConnectionError",
                title: "The load balancer cannot connect to Lambda",
                side: CauseSide.Lambda,
                description: "The load balancer could not connect to the Lambda service to invoke the function.",
                check: "The access log has error_reason LambdaConnectionError and LambdaInternalError rises. Check the AWS Health Dashboard for Lambda and Elastic Load Balancing in the Region." + NoCodeStated,
                remediation: "Usually a transient problem on the AWS side: retry from the client, and open an AWS Support case with trace_id values and times if it persists.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaVpcNetworkSetupFailed",
                title: "Lambda could not set up the function's VPC network interface",
                side: CauseSide.Lambda,
                description: "For a function connected to a VPC, Lambda could not create or use its network interface during initialization: Amazon EC2 denied access, throttled Lambda or failed unexpectedly, the network interface limit was reached, or the function's subnets have no free IP addresses.",
                check: "The access log has error_reason LambdaEC2AccessDeniedException, LambdaEC2ThrottledException, LambdaEC2UnexpectedException, LambdaENILimitReachedException or LambdaSubnetIPAddressLimitReachedException. Check the execution role's EC2 network interface permissions (as in AWSLambdaVPCAccessExecutionRole), the network interface quota, and AvailableIpAddressCount of the function's subnets (`aws ec2 describe-subnets`).",
                remediation: "Grant the execution role the VPC networking permissions, free IP addresses or add larger subnets to the function's VpcConfig, and request a higher network interface quota if needed.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaInvalidResponse",
                title: "The Lambda function's response is malformed or missing required fields",
                side: CauseSide.Lambda,
                description: "The function returned something the load balancer cannot turn into an HTTP response: not a JSON object, no numeric statusCode, header values that are not strings, or a headers field that does not match the target group's multi-value setting.",
                check: "The access log has error_reason LambdaInvalidResponse with elb_status_code 502 and target_status_code '-'; LambdaUserError rises. Invoke the function with a sample load balancer event and inspect its output. If `lambda.multi_value_headers.enabled` is true (see `aws elbv2 describe-target-group-attributes`) the function must return multiValueHeaders, otherwise headers.",
                remediation: "Return an object with statusCode (number), statusDescription (such as '200 OK'), isBase64Encoded (boolean), headers or multiValueHeaders matching the target group setting with string values, and an optional string body.",
                reference: LambdaRespond,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c, null, MultiValueHeaders)),
            new CauseDefinition(502, "502.LambdaInvalidRuntime",
                title: "The Lambda function's runtime version is not supported",
                side: CauseSide.Lambda,
                description: "Lambda could not run the function because its runtime version is not supported.",
                check: "The access log has error_reason LambdaInvalidRuntimeException; `aws lambda get-function-configuration` shows the Runtime in use.",
                remediation: "Move the function to a supported runtime and redeploy it.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaInvalidVpcConfig",
                title: "The function's VPC configuration names an invalid subnet or security group",
                side: CauseSide.Lambda,
                description: "The subnet ID or security group ID in the Lambda function's VPC configuration is not valid, so Lambda cannot start the function.",
                check: "The access log has error_reason LambdaInvalidSubnetIDException or LambdaInvalidSecurityGroupIDException. The VpcConfig shown by `aws lambda get-function-configuration` lists IDs that `aws ec2 describe-subnets` or `aws ec2 describe-security-groups` cannot find.",
                remediation: "Update the function's VpcConfig with existing subnet and security group IDs from the same VPC.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaInvalidZipFile",
                title: "Lambda could not unzip the function's deployment package",
                side: CauseSide.Lambda,
                description: "The function's deployment package is not a valid zip file, so Lambda cannot load the function.",
                check: "The access log has error_reason LambdaInvalidZipFileException. Download the package (the Code.Location URL from `aws lambda get-function`) and test it with `unzip -t`.",
                remediation: "Rebuild the deployment package and redeploy the function.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaKmsDecryptionFailed",
                title: "Lambda could not decrypt the function's environment variables",
                side: CauseSide.Lambda,
                description: "The function's environment variables are encrypted with an AWS KMS key that Lambda could not use: access was denied, the key is disabled, the key is in an invalid state (for example pending deletion), or the key was not found.",
                check: "The access log has error_reason LambdaKMSAccessDeniedException, LambdaKMSDisabledException, LambdaKMSInvalidStateException or LambdaKMSNotFoundException. `aws lambda get-function-configuration` shows KMSKeyArn; `aws kms describe-key --key-id <arn>` shows its KeyState; the key policy and the execution role must allow kms:Decrypt.",
                remediation: "Enable or restore the key and grant kms:Decrypt to the function's execution role, or point the function at a valid key and redeploy.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaResourceNotFound",
                title: "The registered Lambda function could not be found",
                side: CauseSide.Lambda,
                description: "The function registered in the target group, or the version or alias in its ARN, no longer exists.",
                check: "The access log has error_reason LambdaResourceNotFound. `aws elbv2 describe-target-health` lists the registered function ARN, and `aws lambda get-function --function-name <that ARN>` fails with ResourceNotFoundException. The function must be in the same account and Region as the target group.",
                remediation: "Recreate the function or alias, or register the correct function ARN in the target group (ideally an alias, so updates do not change the registration).",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaServiceException",
                title: "Lambda reported an internal error",
                side: CauseSide.Lambda,
                description: "The Lambda service encountered an internal error while invoking the function.",
                check: "The access log has error_reason LambdaServiceException and LambdaInternalError rises. Check the AWS Health Dashboard for Lambda in the Region." + NoCodeStated,
                remediation: "Retry, and open an AWS Support case with trace_id values and times if it persists.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Lambda(c)),
            new CauseDefinition(502, "502.LambdaUnhandledException",
                title: "The load balancer hit an unhandled exception while invoking Lambda",
                side: CauseSide.LoadBalancer,
                description: "The load balancer itself encountered an internal error while invoking the Lambda function (this is not the function's own error, which is LambdaUnhandled).",
                check: "The access log has error_reason LambdaUnhandledException and LambdaInternalError rises." + NoCodeStated,
                remediation: "Retry, and open an AWS Support case with trace_id values and times if it persists.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Lambda(c)),
            new CauseDefinition(504, "504.LambdaConnectionTimeout",
                title: "The Lambda service did not respond before the connection timeout",
                side: CauseSide.Lambda,
                description: "The target is a Lambda function and the attempt to connect to the Lambda service timed out.",
                check: "The access log has error_reason LambdaConnectionTimeout and target:port '-'; LambdaInternalError rises. Check the AWS Health Dashboard for Lambda in the Region.",
                remediation: "Usually transient on the AWS side: retry from the client, and open an AWS Support case with trace_id values and times if it persists.",
                reference: Http504,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Lambda(c)),
        };

        /// <summary>
        /// Causes that exist only for Lambda targets: Possible per Lambda target group that receives
        /// requests, RuledOut when none does.
        /// </summary>
        private static CheckResult Lambda(CheckContext c, string? note = null, Func<TargetGroup, string>? detail = null)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var f = new Findings();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null && IsLambda(p.Group)))
            {
                var functions = p.Group!.Targets is null ? "functions unknown" : "function " + (p.Group.Targets.Count == 0 ? "none registered" : Join(p.Group.Targets.Select(t => t.Id)));
                f.Add(CauseVerdict.Possible, p.Where + " forwards to Lambda " + p.GroupText + ", " + functions + "." + (detail is null ? string.Empty : " " + detail(p.Group)));
            }
            if (!f.Any)
            {
                f.Add(CauseVerdict.RuledOut, "No listener rule of " + c.LoadBalancer.Name + " forwards to a Lambda target group (target types: " +
                    Join(c.ServingGroups.Select(g => g.Name + " " + g.TargetType).Distinct()) + ").");
                c.RulesCaveat(f);
                return f.ToResult();
            }
            return f.ToResult(note ?? string.Empty, c.ToCheck);
        }

        private static string MultiValueHeaders(TargetGroup g)
        {
            var value = GroupAttribute(g, "lambda.multi_value_headers.enabled", "false");
            return value is null
                ? "lambda.multi_value_headers.enabled is unknown (DescribeTargetGroupAttributes)."
                : "lambda.multi_value_headers.enabled = " + value + ": the function must answer with " +
                  (value == "true" ? "multiValueHeaders (not headers)." : "headers (not multiValueHeaders).");
        }
    }
}
