#Requires -Modules Pester
# Export and import in a real pwsh: files on disk, the pipeline, a second Cortex server, broken files.
Describe 'The portability cmdlets' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
        $script:manifest = Import-StagedMayros
        $script:cortex = Start-LocalCortex
        $script:second = Start-LocalCortex
        Set-MayrosTestDefault -Cortex $cortex
    }

    AfterAll {
        Stop-LocalCortex -Cortex $cortex
        Stop-LocalCortex -Cortex $second
        Clear-MayrosTestDefault
    }

    BeforeEach {
        $script:ns = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        Set-MayrosTestDefault -Cortex $cortex -Namespace $ns
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) $ns
        $null = New-Item -ItemType Directory -Path $dir
    }

    AfterEach {
        Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'moves a lineage to a second server, where it compares identical and keeps its checkpoints' {
        Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 8
        $null = New-MayrosCheckpoint -Session root -Label base
        $null = New-MayrosFork -Session root -Name kid -Checkpoint base
        $file = Join-Path $dir 'root.ndjson'

        $exported = Export-MayrosSession -Session root -Recurse -Path $file -PassThru
        $exported | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosExportResult')
        $exported.Sessions | Should -Be 'root', 'kid'
        $exported.Events | Should -Be 16
        $exported.Length | Should -Be (Get-Item $file).Length
        (Get-Content $file -First 1 | ConvertFrom-Json).format | Should -Be 'mayros-session-export'

        $imported = Import-MayrosSession -Path $file -CortexPort $second.Port
        $imported.SessionKey | Should -Be 'root', 'kid'
        $imported.Result | Should -Be 'Imported', 'Imported'

        $comparison = Compare-MayrosSession -ReferenceSession kid -DifferenceSession kid -ReferenceConnection (Connect-MayrosCortex -CortexPort $cortex.Port -Namespace $ns) -CortexPort $second.Port
        $comparison.Identical | Should -BeTrue
        (Get-MayrosCheckpoint -Session root -CortexPort $second.Port).Label | Should -Be 'base'
        (Get-MayrosFork -Session root -CortexPort $second.Port).SessionKey | Should -Be 'root', 'kid'
    }

    It 'imports a second time as Unchanged and writes nothing' {
        Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 4
        $file = Join-Path $dir 's.ndjson'
        Export-MayrosSession -Session s -Path $file
        $null = Import-MayrosSession -Path $file -CortexPort $second.Port
        $before = Get-CortexTripleCount -Cortex $second
        (Import-MayrosSession -Path $file -CortexPort $second.Port).Result | Should -Be 'Unchanged'
        Get-CortexTripleCount -Cortex $second | Should -Be $before
    }

    It 'imports a session larger than one chunk (10,000 events): every event once, and again nothing' {
        # Three seeds of 3,400 events (each body under Cortex's 1 MiB), one session of 10,200.
        $start = [datetime]::new(2026, 3, 1, 10, 0, 0, [DateTimeKind]::Utc)
        foreach ($part in 0..2) {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session big -Count 3400 -Prefix "p$part-" -Start $start.AddHours($part * 2)
        }
        $file = Join-Path $dir 'big.ndjson'
        Export-MayrosSession -Session big -Path $file

        $imported = Import-MayrosSession -Path $file -CortexPort $second.Port

        $imported.Result | Should -Be 'Imported'
        $imported.Events | Should -Be 10200
        $here = Get-MayrosSessionEvent -Session big | ForEach-Object { '{0} {1:o} {2}' -f $_.Id, $_.Timestamp, $_.ParentEvent }
        $there = Get-MayrosSessionEvent -Session big -CortexPort $second.Port | ForEach-Object { '{0} {1:o} {2}' -f $_.Id, $_.Timestamp, $_.ParentEvent }
        $there.Count | Should -Be 10200
        $there | Should -Be $here
        $before = Get-CortexTripleCount -Cortex $second
        (Import-MayrosSession -Path $file -CortexPort $second.Port).Result | Should -Be 'Unchanged'
        Get-CortexTripleCount -Cortex $second | Should -Be $before
    }

    It 'takes files from Get-ChildItem and renames with -Name into the same server' {
        foreach ($key in 'a', 'b') {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session $key -Count 3
            Export-MayrosSession -Session $key -Path (Join-Path $dir "$key.ndjson")
        }

        $imported = Get-ChildItem -Path $dir -Filter *.ndjson | Import-MayrosSession -CortexPort $second.Port
        $imported.SessionKey | Should -Be 'a', 'b'

        $copy = Import-MayrosSession -Path (Join-Path $dir 'a.ndjson') -Name a-copy
        $copy.SessionKey | Should -Be 'a-copy'
        (New-MayrosCheckpoint -Session a-copy).EventCount | Should -Be 3
        $originals = (Get-MayrosSessionEvent -Session a).Id
        $originals.Count | Should -Be 3
        (Get-MayrosSessionEvent -Session a-copy).Id | Where-Object { $_ -in $originals } | Should -BeNullOrEmpty
    }

    It 'streams lines through the pipeline from one server to another' {
        Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 5
        $result = Export-MayrosSession -Session s | Import-MayrosSession -CortexPort $second.Port -Namespace other
        $result.Result | Should -Be 'Imported'
        (New-MayrosCheckpoint -Session s -CortexPort $second.Port -Namespace other).EventCount | Should -Be 5
    }

    It 'refuses a broken file naming the line, and writes nothing' {
        Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 4
        $file = Join-Path $dir 's.ndjson'
        Export-MayrosSession -Session s -Path $file
        $lines = Get-Content $file
        $broken = Join-Path $dir 'broken.ndjson'
        Set-Content -Path $broken -Value ($lines | Select-Object -First ($lines.Count - 1))
        $before = Get-CortexTripleCount -Cortex $second

        Import-MayrosSession -Path $broken -CortexPort $second.Port -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Be 'ImportFileInvalid,Mayros.PowerShell.Commands.ImportMayrosSessionCommand'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failure[0].Exception.Message | Should -Match "Line $($lines.Count - 1) of '.*broken\.ndjson'"
        Get-CortexTripleCount -Cortex $second | Should -Be $before
    }

    It 'refuses to overwrite with -NoClobber and leaves the file as it was' {
        Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 2
        $file = Join-Path $dir 's.ndjson'
        Set-Content -Path $file -Value 'mine'
        { Export-MayrosSession -Session s -Path $file -NoClobber -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExportFileUnavailable,Mayros.PowerShell.Commands.ExportMayrosSessionCommand'
        Get-Content $file | Should -Be 'mine'
    }

    It '-WhatIf imports nothing' {
        Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 2
        $file = Join-Path $dir 's.ndjson'
        Export-MayrosSession -Session s -Path $file
        $before = Get-CortexTripleCount -Cortex $second
        Import-MayrosSession -Path $file -CortexPort $second.Port -WhatIf
        Get-CortexTripleCount -Cortex $second | Should -Be $before
    }
}
