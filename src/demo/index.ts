/** src/demo: the first run of a new user (`sobolev-distill demo`). */
export {
  DEMO_CURVES_FILE,
  DEMO_REPORT_FILE,
  DEMO_SCALES,
  DEMO_STUDENTS,
  type DemoHooks,
  type DemoOptions,
  type DemoPolicyResult,
  type DemoReport,
  type DemoScale,
  type DemoScaleName,
  type DemoStudent,
  type DemoStudentResult,
  demoTable,
  runDemo,
} from './demo.js';
