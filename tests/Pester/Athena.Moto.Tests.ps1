# Measure-AlbAccessLog -Engine Athena against moto: the call flow (StartQueryExecution for the table, then
# for the query, GetQueryExecution until it succeeds, GetQueryResults) through the aws CLI and through the
# AWS Tools stand-in, and what reaches Athena. moto runs no SQL: it answers GetQueryResults with the rows
# queued at /moto-api/static/athena/query-results, one result per StartQueryExecution in order (the
# executed SQL is tested in xunit, AthenaSqlExecutionTests, against DuckDB).
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'Moto/MotoServer.ps1')
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:savedEnv = Save-Environment 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_SESSION_TOKEN'
    Set-MotoCredential
    $script:moto = Start-MotoServer
    $script:scenario = New-MotoScenario $moto
    $script:live = @{ Region = 'us-east-1'; EndpointUrl = $moto.EndpointUrl }
    function script:Invoke-Aws { Invoke-MotoAws $moto @args }
    Invoke-Aws s3api create-bucket --bucket alb-logs | Out-Null
    Invoke-Aws elbv2 modify-load-balancer-attributes --load-balancer-arn $scenario.LoadBalancerArn --attributes `
        'Key=access_logs.s3.enabled,Value=true' 'Key=access_logs.s3.bucket,Value=alb-logs' 'Key=access_logs.s3.prefix,Value=web-logs' | Out-Null
    $script:account = ($scenario.LoadBalancerArn -split ':')[4]
    $script:window = @{ From = [datetime]::new(2026, 11, 24, 0, 0, 0, [DateTimeKind]::Utc); To = [datetime]::new(2026, 11, 25, 0, 0, 0, [DateTimeKind]::Utc) }

    # What the summary query returns: the header, then groups. Two 502 groups that differ only in the method
    # have the same cause, so they are one row of 10.
    $columns = 'group_key', 'elb_status_code', 'target_status_code', 'type', 'error_reason', 'actions_executed', 'classification', 'no_target',
        'request_processing', 'target_processing', 'response_processing', 'request_verb', 'request_proto', 'lines', 'first_time', 'last_time'
    function Row([object[]] $Values) { @{ Data = @($Values | ForEach-Object { if ($null -eq $_) { @{} } else { @{ VarCharValue = [string]$_ } } }) } }
    $script:resultRows = @(
        Row $columns
        Row @('', '200', '200', $null, $null, $null, $null, $null, $null, $null, $null, $null, $null, '100', '2026-11-24T10:00:00.000001Z', '2026-11-24T11:00:00.000000Z')
        Row @('', '502', '-', 'https', $null, 'forward', $null, 'false', '0', '-1', '-1', 'GET', 'HTTP/1.1', '7', '2026-11-24T10:05:00.000000Z', '2026-11-24T10:06:00.000000Z')
        Row @('', '502', '-', 'https', $null, 'forward', $null, 'false', '0', '-1', '-1', 'POST', 'HTTP/1.1', '3', '2026-11-24T10:01:00.000000Z', '2026-11-24T10:07:00.000000Z'))
    # Queues the table's (empty) result and the query's, for the next two StartQueryExecution calls.
    function script:Set-AthenaResult {
        $body = @{ account_id = $account; region = 'us-east-1'; results = @(@{ rows = @() }, @{ rows = $resultRows }) } | ConvertTo-Json -Depth 10
        Invoke-RestMethod -Method Post -Uri "$($moto.EndpointUrl)/moto-api/static/athena/query-results" -Body $body -ContentType 'application/json' | Out-Null
    }
    function script:Get-ExecutionId { @((Invoke-Aws athena list-query-executions --output json | ConvertFrom-Json).QueryExecutionIds) }
    function script:Get-Execution([string[]] $Id) {
        @($Id | ForEach-Object { (Invoke-Aws athena get-query-execution --query-execution-id $_ --output json | ConvertFrom-Json).QueryExecution })
    }
    function script:Assert-Summary($Rows) {
        $Rows | Should -HaveCount 2
        $Rows[0].ElbStatusCode | Should -Be 200
        $Rows[0].Count | Should -Be 100
        $Rows[0].Cause | Should -BeNullOrEmpty
        $Rows[1].ElbStatusCode | Should -Be 502
        $Rows[1].TargetStatusCode | Should -BeNullOrEmpty
        $Rows[1].Cause | Should -Be '502.TargetClosedKeepAliveConnection'
        $Rows[1].Count | Should -Be 10
        $Rows[1].FirstSeen | Should -Be ([datetime]::new(2026, 11, 24, 10, 1, 0, [DateTimeKind]::Utc))
        $Rows[1].LastSeen | Should -Be ([datetime]::new(2026, 11, 24, 10, 7, 0, [DateTimeKind]::Utc))
        $Rows | ForEach-Object { $_.ScannedBytes | Should -Be 0; $_.QueryExecutionId | Should -Match '^[0-9a-f-]{36}$'; $_.TotalLines | Should -Be 110 }
    }
}

AfterAll {
    Stop-MotoServer $moto
    Remove-Module AwsToolsStandIn -ErrorAction Ignore
    Restore-Environment $savedEnv
}

Describe 'Measure-AlbAccessLog -Engine Athena through the aws CLI' {
    BeforeAll {
        Set-AthenaResult
        $before = Get-ExecutionId
        $script:rows = @(Measure-AlbAccessLog -Name web -Engine Athena @window -Source AwsCli @live -AthenaOutputLocation s3://alb-logs/athena-results/)
        $script:executions = Get-Execution @(Get-ExecutionId | Where-Object { $_ -notin $before })
        $script:expected = Get-AlbAthenaQuery -LoadBalancerArn $scenario.LoadBalancerArn -AccessLogUri s3://alb-logs/web-logs @window
    }

    It 'classifies the groups Athena returns with the local classifier, and reports the bytes scanned' {
        Assert-Summary $rows
    }

    It 'creates the table, then runs the query, in the workgroup and database asked for, with the SQL Get-AlbAthenaQuery shows' {
        $new = $executions
        $new | Should -HaveCount 2
        ($new | Where-Object { $_.Query -eq $expected.Ddl }) | Should -HaveCount 1
        ($new | Where-Object { $_.Query -eq $expected.Query }) | Should -HaveCount 1
        $new | ForEach-Object {
            $_.WorkGroup | Should -Be 'primary'
            $_.QueryExecutionContext.Database | Should -Be 'default'
            $_.ResultConfiguration.OutputLocation | Should -BeLike 's3://alb-logs/athena-results/*'
            $_.Status.State | Should -Be 'SUCCEEDED'
        }
        $expected.Location | Should -Be "s3://alb-logs/web-logs/AWSLogs/$account/elasticloadbalancing/us-east-1/"
    }

    It 'writes AccessLogLocationUnknown for a load balancer whose logs are off, and runs nothing' {
        $count = @(Get-ExecutionId).Count
        $out = @(Measure-AlbAccessLog -Name admin -Engine Athena @window -Source AwsCli @live -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AccessLogLocationUnknown,*'
        @(Get-ExecutionId).Count | Should -Be $count
    }
}

Describe 'Measure-AlbAccessLog -Engine Athena through the AWS Tools stand-in' {
    BeforeAll {
        Import-Module (Join-Path $repoRoot 'tests/AwsToolsStandIn/AwsToolsStandIn.psm1') -Force
    }
    BeforeEach { Clear-AwsStandInCall; Clear-AwsStandInFailure; Clear-AwsStandInAthenaFailure }

    It 'gives the same rows as through the CLI, with Start-, Get-ATHQueryExecution and Get-ATHQueryResult' {
        Set-AthenaResult
        Assert-Summary @(Measure-AlbAccessLog -Name web -Engine Athena @window -Source AwsTools @live)
        $calls = @(Get-AwsStandInCall)
        @($calls | Where-Object Command -EQ 'Start-ATHQueryExecution') | Should -HaveCount 2
        @($calls | Where-Object Command -EQ 'Get-ATHQueryExecution').Count | Should -BeGreaterOrEqual 2
        @($calls | Where-Object Command -EQ 'Get-ATHQueryResult') | Should -HaveCount 1
        ($calls | Where-Object Command -EQ 'Start-ATHQueryExecution')[0].Parameters | Should -Contain 'QueryExecutionContext_Database'
    }

    It 'needs no Elastic Load Balancing call with -LoadBalancerArn and -AccessLogUri' {
        Set-AthenaResult
        Assert-Summary @(Measure-AlbAccessLog -LoadBalancerArn $scenario.LoadBalancerArn -AccessLogUri s3://alb-logs/web-logs -Engine Athena @window -Source AwsTools @live)
        @(Get-AwsStandInCall | Where-Object Command -Like '*-ELB2*') | Should -HaveCount 0
    }

    It 'writes AthenaQueryFailed with Athena''s reason when the query fails' {
        Set-AwsStandInAthenaFailure 'HIVE_BAD_DATA: Error parsing field value'
        $out = @(Measure-AlbAccessLog -Name web -Engine Athena @window -Source AwsTools @live -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AthenaQueryFailed,*'
        $err[0].Exception.Message | Should -Match 'failed \(a user error\): HIVE_BAD_DATA: Error parsing field value'
        @(Get-AwsStandInCall | Where-Object Command -EQ 'Get-ATHQueryResult') | Should -HaveCount 0
    }

    It 'says which permission is missing when Athena refuses the call' {
        Set-AwsStandInFailure Start-ATHQueryExecution AccessDenied
        $null = Measure-AlbAccessLog -Name web -Engine Athena @window -Source AwsTools @live -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AwsAccessDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].ErrorDetails.Message | Should -Match 'athena:StartQueryExecution'
    }
}
