// The main window's CPython comparison: with Play → Compare with CPython on, each virtual run of a
// lesson is followed by its listing recorded on the real CPython (app/cpythoncomparison.h), drawn
// on the same time axis under the lesson's own lanes. Where the two differ, the core is wrong.

#include "mainwindow.h"

#include "cpythoncomparison.h"
#include "transportbar.h"
#include "ui/progressstore.h"

#include <QAction>
#include <QLabel>
#include <QProgressBar>

namespace loopscope::app {

void MainWindow::setComparing(bool on)
{
    QAction* toggle = m_transport->cpythonAction();
    if (toggle->isChecked() != on)
        toggle->setChecked(on);
    refreshComparison();
}

bool MainWindow::isRecordingComparison() const
{
    return m_comparison && m_comparison->isRunning();
}

void MainWindow::refreshComparison()
{
    if (!m_comparison) {
        m_comparison = new CPythonComparison(this);
        connect(m_comparison, &CPythonComparison::finished, this, &MainWindow::onComparisonRecorded);
    }
    const bool wasRecording = isRecordingComparison();
    m_comparison->cancel();
    m_player->dropComparison();
    const bool wanted = m_transport->cpythonAction()->isChecked();
    // Only a lesson's virtual run has a listing to compare with: not a program (it is CPython's
    // already), a live run (real time differs from run to run) or an opened recording.
    if (!wanted || !m_lesson || m_programMode || m_player->showsLiveRecord() || m_player->showsOpenedRecording()) {
        if (wasRecording)
            m_aheadBar->hide();
        return;
    }
    if (const QString why = m_comparison->start(*m_lesson, m_document->params(), m_store->python()); !why.isEmpty()) {
        m_status->setText(tr("Not compared with CPython: %1").arg(why));
        emit comparisonDone();
        return;
    }
    m_status->setText(tr("Recording the listing on CPython to draw under the run…"));
    m_aheadBar->show();
}

void MainWindow::onComparisonRecorded()
{
    m_aheadBar->hide();
    std::vector<RecordedRun> runs = m_comparison->takeRuns();
    if (runs.empty()) {
        m_status->setText(tr("Not compared with CPython: %1").arg(m_comparison->message()));
        emit comparisonDone();
        return;
    }
    // The totals side by side say at a glance whether the two agree.
    QStringList totals;
    for (const RecordedRun& run : runs)
        totals << tr("%1 %2 s").arg(QString::fromStdString(run.variant)).arg(nsToSeconds(run.total), 0, 'f', 3);
    m_player->showComparison(std::move(runs));
    QString text = tr("Drawn under the run: the listing on CPython %1 (%2)")
                       .arg(m_comparison->pythonVersion(), totals.join(QStringLiteral(", ")));
    if (!m_comparison->message().isEmpty())
        text += QStringLiteral(" · ") + m_comparison->message();
    m_status->setText(text);
    emit comparisonDone();
}

} // namespace loopscope::app
