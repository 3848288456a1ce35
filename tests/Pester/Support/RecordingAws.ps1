# A stand-in for the aws CLI that records each call and fails as the real one does without
# credentials, so a test can observe whether (and how) the module went live without going there.
function New-RecordingAws {
    param(
        [Parameter(Mandatory)] [string] $Directory,   # put first on PATH
        [Parameter(Mandatory)] [string] $Log,          # one line per call
        [string] $Record = '$*'                        # what a line holds (sh syntax: $*, $AWS_...)
    )
    $null = New-Item -ItemType Directory -Path $Directory -Force
    $aws = Join-Path $Directory 'aws'
    Set-Content -Path $aws -Encoding ascii -Value @(
        '#!/bin/sh'
        "echo `"$Record`" >> '$Log'"
        'echo ''Unable to locate credentials. You can configure credentials by running "aws configure".'' >&2'
        'exit 255')
    & chmod +x $aws
    $Directory
}
